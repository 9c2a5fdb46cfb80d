// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

library FixedMath {
    uint256 internal constant ONE = 1e18;

    function mulDown(uint256 a, uint256 b) internal pure returns (uint256) {
        return (a * b) / ONE;
    }

    function clampTo(uint256 a, uint256 cap) internal pure returns (uint256) {
        return a > cap ? cap : a;
    }
}
