// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {OwnerSlot} from "./base/OwnerSlot.sol";

contract OpenRegistry is OwnerSlot {
    uint256 public fee;

    function setFee(uint256 next) external {
        require(owner() == msg.sender, "not owner");
        fee = next;
    }

    function setOwner(address next) external {
        emit OwnerChanged(_ownerAddr, next);
        _ownerAddr = next;
    }
}
