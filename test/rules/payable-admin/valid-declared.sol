// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IFeeSetter {
    function setFee(uint256 f) external;
}

// setFee implements the interface's declaration (no `override` needed since 0.8.8):
// its mutability must stay non-payable, so `payable` would not compile.
contract Admin is IFeeSetter {
    address public owner;
    uint256 public fee;

    constructor() {
        owner = msg.sender;
    }

    function deposit() external payable {}

    function setFee(uint256 f) external {
        require(msg.sender == owner);
        fee = f;
    }
}
