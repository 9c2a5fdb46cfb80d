// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Shop {
    mapping(address => uint256) public paid;

    function buy() external payable {
        record();
    }

    // Internal, and only a payable function calls it.
    function record() internal {
        paid[msg.sender] += msg.value;
    }
}
