// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Config {
    address public owner = msg.sender;
    address public treasury;

    function setTreasury(address t) external {
        require(msg.sender == owner, "not owner");
        require(t != address(0), "zero address");
        treasury = t; // expect: missing-zero-check@9:address-stored-unchecked
    }

    function transferOwnership(address next) external {
        require(msg.sender == owner, "not owner");
        require(next != address(0), "zero address");
        owner = next; // expect: missing-zero-check@9:address-stored-unchecked
    }
}
