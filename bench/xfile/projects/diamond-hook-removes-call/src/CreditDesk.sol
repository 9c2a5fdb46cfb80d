// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Ledgered} from "./mixins/Ledgered.sol";
import {Audited} from "./mixins/Audited.sol";

/// Linearisation: CreditDesk, Audited, Ledgered, Settlement. Ledgered ends the chain.
contract CreditDesk is Ledgered, Audited {
    function _afterSettle(address who, uint256 amount) internal override(Ledgered, Audited) {
        super._afterSettle(who, amount);
    }

    function withdraw() external {
        uint256 amount = claimable[msg.sender];
        claimable[msg.sender] = 0;
        (bool ok, ) = payable(msg.sender).call{value: amount}("");
        require(ok, "withdraw failed");
    }
}
