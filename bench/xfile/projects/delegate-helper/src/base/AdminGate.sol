// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

abstract contract AdminGate {
    address public admin;

    constructor() {
        admin = msg.sender;
    }

    modifier adminGated() {
        require(msg.sender == admin, "admin only");
        _;
    }
}
