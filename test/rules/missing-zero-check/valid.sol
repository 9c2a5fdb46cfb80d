// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Config {
    address public owner = msg.sender;
    address public treasury;
    error ZeroAddress();

    function setTreasury(address t) external {
        require(msg.sender == owner, "not owner");
        require(t != address(0), "zero");
        treasury = t;
    }

    function transferOwnership(address next) external {
        require(msg.sender == owner, "not owner");
        if (next == address(0)) revert ZeroAddress();
        owner = next;
    }
}
