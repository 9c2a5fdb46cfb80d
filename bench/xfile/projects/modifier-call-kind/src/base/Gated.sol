// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IAllowlist} from "../interfaces/IAllowlist.sol";

abstract contract Gated {
    IAllowlist public immutable allowlist;

    constructor(IAllowlist allowlist_) {
        allowlist = allowlist_;
    }

    modifier allowedOnly() {
        require(allowlist.isAllowed(msg.sender), "not allowed");
        _;
    }

    modifier spendsTicket() {
        require(allowlist.consume(msg.sender), "no ticket");
        _;
    }
}
