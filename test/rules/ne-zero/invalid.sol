// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Balances {
    mapping(address => uint256) public balance;
    uint256[] public items;
    uint256 public stock = 5;

    function hasBalance(address who) external view returns (uint256 flag) {
        if (balance[who] > 0) flag = 1; // expect: ne-zero@13:unsigned-greater-than-zero
    }

    function nonEmpty() external view returns (uint256 r) {
        if (0 < items.length) r = 1; // expect: ne-zero@13:unsigned-greater-than-zero
    }

    function drain() external view returns (uint256 steps) {
        uint256 left = stock;
        while (left > 0) { // expect: ne-zero@16:unsigned-greater-than-zero
            --left;
            ++steps;
        }
    }
}
