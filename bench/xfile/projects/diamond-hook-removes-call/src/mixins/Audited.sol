// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Settlement} from "../base/Settlement.sol";

abstract contract Audited is Settlement {
    event Settled(address indexed who, uint256 amount);

    function _afterSettle(address who, uint256 amount) internal virtual override {
        emit Settled(who, amount);
        super._afterSettle(who, amount);
    }
}
