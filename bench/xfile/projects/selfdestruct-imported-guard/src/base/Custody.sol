// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

abstract contract Custody {
    address public custodian;

    constructor() {
        custodian = msg.sender;
    }

    modifier custodianGate() {
        require(msg.sender == custodian, "custodian only");
        _;
    }

    /// Checks the balance, not the caller.
    modifier whenFunded() {
        require(address(this).balance > 0, "empty");
        _;
    }
}
