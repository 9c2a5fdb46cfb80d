// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Three ways to say who may act: a modifier, a helper that reverts, and a getter.
abstract contract Governed {
    address public governor;
    address internal admin;
    address internal ownerAccount;
    mapping(address => bool) public isKeeper;

    error NotAdmin(address caller);

    constructor(address gov, address adm) {
        governor = gov;
        admin = adm;
        ownerAccount = msg.sender;
    }

    modifier byGovernor() {
        require(msg.sender == governor, "governor only");
        _;
    }

    modifier byKeeper() {
        require(isKeeper[msg.sender], "keeper only");
        _;
    }

    function owner() public view returns (address) {
        return ownerAccount;
    }

    function _requireAdmin() internal view {
        if (msg.sender != admin) revert NotAdmin(msg.sender);
    }
}
