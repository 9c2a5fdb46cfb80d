// expect: none
// SPDX-License-Identifier: MIT
pragma solidity 0.7.6;

contract Guarded {
    function check(uint256 x) external pure returns (uint256) {
        // Exactly 32 bytes still fits in one word.
        require(x < 100, "Guarded: amount exceeds 99 units");
        require(x != 7, "seven");
        return x;
    }
}
