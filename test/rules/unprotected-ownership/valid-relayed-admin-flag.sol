// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Admin calls arrive as messages: a relay entry checks that the trusted messenger sent the
/// message on behalf of the remote admin, raises a flag for the length of the call, and runs
/// the message on this contract. The admin functions require the flag, so only calls made
/// inside that checked window pass.
abstract contract Remote {
    address public messenger;
    address public remoteAdmin;

    modifier onlyAdmin() {
        _requireAdmin();
        _;
    }

    function _requireAdmin() internal view virtual;

    function setMessenger(address m) external onlyAdmin {
        messenger = m;
    }
}

contract RelayedRemote is Remote {
    bool private inRelay;

    error NotInRelay();
    error Reentered();
    error NotMessenger();

    modifier relaying() {
        if (inRelay) revert Reentered();
        inRelay = true;
        _;
        inRelay = false;
    }

    constructor(address m, address admin) {
        messenger = m;
        remoteAdmin = admin;
    }

    function receiveMessage(address sender, bytes calldata data) external relaying {
        if (msg.sender != messenger) revert NotMessenger();
        require(sender == remoteAdmin, "not admin");
        (bool ok, ) = address(this).delegatecall(data);
        require(ok, "failed");
    }

    function setRemoteAdmin(address a) external onlyAdmin {
        remoteAdmin = a;
    }

    function _requireAdmin() internal view override {
        if (!inRelay) revert NotInRelay();
    }
}
