// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {OwnerSlot} from "./base/OwnerSlot.sol";

contract Registry is OwnerSlot {
    mapping(bytes32 => address) public records;

    function setOwner(address next) external {
        require(owner() == msg.sender, "not owner");
        emit OwnerChanged(_ownerAddr, next);
        _ownerAddr = next;
    }

    function setRecord(bytes32 key, address value) external {
        require(owner() == msg.sender, "not owner");
        records[key] = value;
    }
}
