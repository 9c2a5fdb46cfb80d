// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Paying} from "./mixins/Paying.sol";
import {Booking} from "./mixins/Booking.sol";

/// Linearisation: Desk, Booking, Paying, Settlement. Booking's super call reaches Paying,
/// so the ETH is sent before Booking updates `pending`.
contract Desk is Paying, Booking {
    function _afterSettle(address who, uint256 amount) internal override(Paying, Booking) {
        super._afterSettle(who, amount);
    }
}
