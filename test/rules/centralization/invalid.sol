// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

contract Treasury is Ownable { // expect: centralization@22:one-step-transfer
    uint256 public fee;

    constructor() Ownable(msg.sender) {}

    function setFee(uint256 f) external onlyOwner { // expect: centralization@14:privileged-function
        fee = f;
    }

    function sweep(address payable to) external onlyOwner { // expect: centralization@14:privileged-function
        to.transfer(address(this).balance);
    }
}
