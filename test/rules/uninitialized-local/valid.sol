// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Rewards {
    mapping(address => uint256) public points;

    function reward(address who, bool vip) external {
        uint256 bonus;
        if (vip) bonus = 5;
        points[who] += 10 + bonus;
        uint256 total;
        (total, ) = split(points[who]);
        points[who] = total;
    }

    function split(uint256 v) internal pure returns (uint256, uint256) {
        return (v / 2, v - v / 2);
    }
}
