// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IGovToken} from "./interfaces/IGovToken.sol";

contract Grants {
    IGovToken public immutable gov;
    address public immutable council;

    constructor(IGovToken gov_) {
        gov = gov_;
        council = msg.sender;
    }

    function grant(address to, uint256 amount) external {
        require(msg.sender == council, "council only");
        gov.transfer(to, amount);
    }

    function grantChecked(address to, uint256 amount) external {
        require(msg.sender == council, "council only");
        require(gov.transfer(to, amount), "transfer failed");
    }

    function delegateVotes(address to) external {
        require(msg.sender == council, "council only");
        gov.delegate(to);
    }
}
