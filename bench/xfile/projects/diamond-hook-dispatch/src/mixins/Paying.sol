// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Settlement} from "../base/Settlement.sol";

/// Pays the settled amount out in ETH.
abstract contract Paying is Settlement {
    function _afterSettle(address who, uint256 amount) internal virtual override {
        (bool ok, ) = payable(who).call{value: amount}("");
        require(ok, "payout failed");
        super._afterSettle(who, amount);
    }
}
