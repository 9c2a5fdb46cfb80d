// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Admin {
    address public owner;
    uint256 public fee;

    modifier onlyOwner() {
        require(msg.sender == owner);
        _;
    }

    constructor() {
        owner = msg.sender;
    }

    // A payable entry point already makes the compiler check the call value per function.
    function deposit() external payable {}

    function setFee(uint256 f) external payable onlyOwner { // expect: payable-admin@5:could-be-payable
        fee = f;
    }

    function reset() public payable onlyOwner { // expect: payable-admin@5:could-be-payable
        fee = 0;
    }
}
