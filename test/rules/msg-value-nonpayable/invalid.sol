// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Shop {
    mapping(address => uint256) public paid;

    function buy() external {
        paid[msg.sender] += msg.value; // expect: msg-value-nonpayable@29:value-always-zero
    }
}
