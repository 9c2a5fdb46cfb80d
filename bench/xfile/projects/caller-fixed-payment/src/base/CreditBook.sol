// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

abstract contract CreditBook {
    mapping(address => uint256) public credit;

    function deposit() external payable {
        credit[msg.sender] += msg.value;
    }
}
