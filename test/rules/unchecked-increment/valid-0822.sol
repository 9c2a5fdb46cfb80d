// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.22;

// Since 0.8.22 the compiler skips the overflow check of such a loop counter itself.
contract Loops {
    function sum() external pure returns (uint256 s) {
        for (uint256 i = 0; i < 10; i++) s += i;
    }
}
