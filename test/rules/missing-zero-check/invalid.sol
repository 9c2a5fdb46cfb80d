// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Config {
    address public owner = msg.sender;
    address public treasury;

    function setTreasury(address t) external {
        require(msg.sender == owner, "not owner");
        treasury = t; // expect: missing-zero-check@9:address-stored-unchecked
    }

    function transferOwnership(address next) external {
        require(msg.sender == owner, "not owner");
        owner = next; // expect: missing-zero-check@9:address-stored-unchecked
    }
}
