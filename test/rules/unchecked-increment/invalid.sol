// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Loops {
    function sum() external pure returns (uint256 s) {
        for (uint256 i = 0; i < 10; i++) { // expect: unchecked-increment@37:checked-loop-increment
            s += i;
        }
    }

    function count(uint256 n) external pure returns (uint256 c) {
        for (uint256 i; i < n; ++i) { c += 2; } // expect: unchecked-increment@32:checked-loop-increment
    }
}
