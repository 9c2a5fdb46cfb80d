// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Settlement} from "../base/Settlement.sol";

/// Credits an internal ledger instead of paying; does not call super.
abstract contract Ledgered is Settlement {
    mapping(address => uint256) public claimable;

    function _afterSettle(address who, uint256 amount) internal virtual override {
        claimable[who] += amount;
    }
}
