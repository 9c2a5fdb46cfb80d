// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// The caller is compared with a local copy of stored state, or stored state with a local
// copy of the caller: both are checks against storage. A local that the caller's input
// overwrites is not.
contract TwoStepOwned {
    address public owner;
    address public pendingOwner;

    constructor() {
        owner = msg.sender;
    }

    function transferOwnership(address next) external {
        require(msg.sender == owner, "owner");
        pendingOwner = next;
    }

    function claimOwnership() external {
        address pending = pendingOwner;
        require(msg.sender == pending, "not pending");
        owner = pending;
        pendingOwner = address(0);
    }

    function acceptWithSenderCopy() external {
        address sender = msg.sender;
        if (pendingOwner != sender) revert("not pending");
        owner = sender;
        pendingOwner = address(0);
    }

    function claimWithHint(address hint) external { // expect: unprotected-ownership@14:open-role-write
        address pending = pendingOwner;
        pending = hint;
        require(msg.sender == pending, "not pending");
        owner = pending;
    }
}
