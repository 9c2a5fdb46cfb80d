// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

/// Arithmetic that reverts instead of wrapping.
library CheckedMath {
    function plus(uint256 a, uint256 b) internal pure returns (uint256) {
        uint256 c = a + b;
        require(c >= a, "plus overflow");
        return c;
    }

    function minus(uint256 a, uint256 b) internal pure returns (uint256) {
        require(b <= a, "minus underflow");
        return a - b;
    }
}
