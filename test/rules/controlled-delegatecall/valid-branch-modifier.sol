// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A proxy whose admin functions run only for the admin; everyone else falls through
// to the implementation. The modifier puts the body in one branch of the caller check.
contract AdminProxy {
    address private admin;
    address private implementation;

    constructor(address impl) {
        admin = msg.sender;
        implementation = impl;
    }

    modifier ifAdmin() {
        if (msg.sender == admin) {
            _;
        } else {
            _forward();
        }
    }

    function upgradeToAndCall(address impl, bytes calldata data) external ifAdmin {
        implementation = impl;
        (bool ok, ) = impl.delegatecall(data);
        require(ok);
    }

    function _forward() internal {
        (bool ok, ) = implementation.delegatecall(msg.data);
        require(ok);
    }
}
