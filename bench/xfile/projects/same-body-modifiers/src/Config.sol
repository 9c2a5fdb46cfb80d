// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {OwnerGuards} from "./access/OwnerGuards.sol";

contract Config is OwnerGuards {
    uint256 public feeBps;

    function handOverA(address next) external onlyOwner {
        owner = next;
    }

    function handOverB(address next) external isOwner {
        owner = next;
    }

    function handOverC(address next) external ownerOnly {
        owner = next;
    }

    function setFee(uint256 bps) external {
        feeBps = bps;
    }
}
