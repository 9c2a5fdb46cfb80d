// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Airdrop {
    mapping(address => uint256) public credit;

    function fund(address[] calldata to) external payable {
        for (uint256 i = 0; i < to.length; i++) {
            credit[to[i]] += msg.value; // expect: msg-value-in-loop@30:value-in-loop
        }
    }
}
