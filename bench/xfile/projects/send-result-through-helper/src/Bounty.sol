// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Payer} from "./base/Payer.sol";

contract Bounty is Payer {
    address public immutable judge;
    uint256 public immutable reward;
    mapping(address => bool) public paid;

    constructor(uint256 reward_) payable {
        judge = msg.sender;
        reward = reward_;
    }

    function payHunter(address payable hunter) external {
        require(msg.sender == judge, "judge only");
        paid[hunter] = true;
        _trySend(hunter, reward);
    }

    function payHunterChecked(address payable hunter) external {
        require(msg.sender == judge, "judge only");
        paid[hunter] = true;
        require(_trySend(hunter, reward), "send failed");
    }
}
