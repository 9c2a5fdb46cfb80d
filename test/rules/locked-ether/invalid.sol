// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Donations { // expect: locked-ether@10:no-withdrawal
    mapping(address => uint256) public given;

    function donate() external payable {
        given[msg.sender] += msg.value;
    }
}
