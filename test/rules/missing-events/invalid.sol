// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Config {
    address public owner;
    uint256 public fee;
    mapping(address => bool) public operators;

    modifier onlyOwner() {
        require(msg.sender == owner);
        _;
    }

    constructor() {
        owner = msg.sender;
    }

    function setFee(uint256 f) external onlyOwner { // expect: missing-events@14:no-event
        fee = f;
    }

    function setOperator(address op, bool on) external { // expect: missing-events@14:no-event
        require(msg.sender == owner, "not owner");
        operators[op] = on;
    }
}
