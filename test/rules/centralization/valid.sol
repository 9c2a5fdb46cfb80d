// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

// Two-step ownership, and functions anyone may call, are not flagged.
contract Treasury is Ownable2Step {
    mapping(address => uint256) public deposits;

    constructor() Ownable(msg.sender) {}

    function deposit() external payable {
        deposits[msg.sender] += msg.value;
    }

    function _onlyInternal() internal view {
        _checkOwner();
    }
}
