// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Signed {
    // Signed division rounds towards zero; an arithmetic shift rounds down (-3 / 2 = -1, -3 >> 1 = -2).
    function half(int256 x) external pure returns (int256) {
        return x / 2;
    }

    // Not a power of two.
    function third(uint256 x) external pure returns (uint256) {
        return x / 3;
    }

    function shifted(uint256 x) external pure returns (uint256) {
        return x >> 1;
    }
}
