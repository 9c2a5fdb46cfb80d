// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Loops {
    // `<=` lets the counter reach the type's maximum, so the increment could overflow.
    function upTo(uint256 n) external pure returns (uint256 s) {
        for (uint256 i = 0; i <= n; i++) s += i;
    }

    // Already unchecked.
    function manual() external pure returns (uint256 s) {
        for (uint256 i = 0; i < 10;) {
            s += i;
            unchecked {
                ++i;
            }
        }
    }

    // The body changes the counter.
    function skip() external pure returns (uint256 s) {
        for (uint256 i = 0; i < 10; i++) {
            if (i == 3) i += 2;
            s += i;
        }
    }
}
