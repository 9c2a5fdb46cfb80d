// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Rewards {
    mapping(address => uint256) public points;

    function reward(address who) external {
        uint256 bonus; // expect: uninitialized-local@9:never-assigned
        points[who] += 10 + bonus;
    }
}
