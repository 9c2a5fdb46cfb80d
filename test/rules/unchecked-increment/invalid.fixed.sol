// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Loops {
    function sum() external pure returns (uint256 s) {
        for (uint256 i = 0; i < 10;) { // expect: unchecked-increment@37:checked-loop-increment
            s += i;
            unchecked {
                ++i;
            }
        }
    }

    function count(uint256 n) external pure returns (uint256 c) {
        for (uint256 i; i < n;) { c += 2;
            unchecked {
                ++i;
            }
        } // expect: unchecked-increment@32:checked-loop-increment
    }
}
