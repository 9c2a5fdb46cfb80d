// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Limits {
    // 255 + 1 does not fit in a uint8, so there is no strict form with a literal.
    function max8(uint8 x) external pure returns (bool) {
        return x <= 255;
    }

    // Two variables: the non-strict form costs the same as any rewrite.
    function atLeast(uint256 a, uint256 b) external pure returns (bool) {
        return a >= b;
    }

    function strict(uint256 x) external pure returns (bool) {
        return x > 4;
    }
}
