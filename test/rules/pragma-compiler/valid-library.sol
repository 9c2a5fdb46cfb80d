// expect: none
// SPDX-License-Identifier: MIT
// A library states the compilers it supports; the importing contract pins one.
pragma solidity ^0.8.28;

library MathLib {
    function max(uint256 a, uint256 b) internal pure returns (uint256) {
        return a > b ? a : b;
    }
}
