// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Fees {
    address payable treasury;
    address payable public backup = payable(msg.sender);
    uint256 public collected;
    mapping(address => uint256) public paid;

    constructor(address payable t) {
        treasury = t;
    }

    function flush() external {
        treasury.transfer(collected);
        backup.transfer(paid[msg.sender]);
        collected = 0;
    }
}
