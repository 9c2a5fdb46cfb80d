// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

abstract contract Owned {
    address private _owner;

    constructor() {
        _owner = msg.sender;
    }

    modifier onlyOwner() {
        _checkOwner();
        _;
    }

    function owner() public view returns (address) {
        return _owner;
    }

    function _checkOwner() internal view virtual {
        require(owner() == msg.sender, "owner");
    }

    function _transferOwnership(address next) internal {
        _owner = next;
    }
}

// One branch checks nobody: when `open` is set, anyone passes.
contract HalfOwned is Owned {
    bool public open;

    function _checkOwner() internal view override {
        if (!open) {
            require(owner() == msg.sender, "owner");
        } else {
            require(tx.gasprice > 0, "gas");
        }
    }

    function transferOwnership(address next) external onlyOwner { // expect: unprotected-ownership@14:open-role-write
        _transferOwnership(next);
    }
}
