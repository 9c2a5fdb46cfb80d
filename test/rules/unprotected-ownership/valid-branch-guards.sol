// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IMessenger {
    function xDomainMessageSender() external view returns (address);
}

library Fixed {
    address internal constant MESSENGER = 0x4200000000000000000000000000000000000007;
}

// Ownership checked either locally (the caller is the stored owner) or across chains (the
// caller is the fixed messenger contract and the message's origin is the stored owner).
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

contract RemoteOwned is Owned {
    bool public isLocal = true;

    function _checkOwner() internal view override {
        if (isLocal) {
            require(owner() == msg.sender, "owner");
        } else {
            IMessenger m = IMessenger(Fixed.MESSENGER);
            require(msg.sender == address(m), "messenger");
            require(owner() == m.xDomainMessageSender(), "remote owner");
        }
    }

    function transferOwnership(address next, bool local) external onlyOwner {
        _transferOwnership(next);
        isLocal = local;
    }

}
