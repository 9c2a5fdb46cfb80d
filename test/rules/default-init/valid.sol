// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Defaults {
    uint256 public start = 1;
    uint256 public constant ZERO = 0;

    function sum() external pure returns (uint256) {
        uint256 total = 1;
        for (uint256 i = 1; i < 5; ++i) total += i;
        return total;
    }
}
