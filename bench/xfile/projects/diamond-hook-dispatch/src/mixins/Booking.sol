// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Settlement} from "../base/Settlement.sol";

/// Books the settlement once the rest of the hook chain has run.
abstract contract Booking is Settlement {
    function _afterSettle(address who, uint256 amount) internal virtual override {
        super._afterSettle(who, amount);
        pending[who] -= amount;
        settledTotal += amount;
    }
}
