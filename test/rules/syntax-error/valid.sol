// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Fine {
    uint256 public total;

    function add(uint256 x) external {
        total = total + x;
    }
}
