// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Three modifiers with the same body under different names.
abstract contract OwnerGuards {
    address public owner;

    constructor() {
        owner = msg.sender;
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "owner only");
        _;
    }

    modifier isOwner() {
        require(msg.sender == owner, "owner only");
        _;
    }

    modifier ownerOnly() {
        require(msg.sender == owner, "owner only");
        _;
    }
}
