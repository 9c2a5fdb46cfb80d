// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

abstract contract OwnerSlot {
    address internal _ownerAddr;

    event OwnerChanged(address indexed previous, address indexed next);

    constructor() {
        _ownerAddr = msg.sender;
    }

    function owner() public view returns (address) {
        return _ownerAddr;
    }
}
