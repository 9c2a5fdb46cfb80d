// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// A flag raised for the length of a call guards the admin functions, but the entry that
/// raises it checks no caller: anyone can run any admin call through it.
abstract contract Remote {
    address public messenger;
    address public remoteAdmin;

    modifier onlyAdmin() {
        _requireAdmin();
        _;
    }

    function _requireAdmin() internal view virtual;

    function setMessenger(address m) external onlyAdmin { // expect: unprotected-ownership@14:open-role-write
        messenger = m;
    }
}

contract OpenFlagRemote is Remote {
    bool private open;

    modifier opening() {
        open = true;
        _;
        open = false;
    }

    uint256 public pings;

    function ping() external {
        require(msg.sender == messenger, "messenger");
        pings++;
    }

    function poke(bytes calldata data) external opening {
        (bool ok, ) = address(this).delegatecall(data);
        require(ok, "failed");
    }

    function setRemoteAdmin(address a) external onlyAdmin {
        remoteAdmin = a;
    }

    function _requireAdmin() internal view override {
        require(open, "closed");
    }
}
