// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Stewarded} from "stewardship/Stewarded.sol";

contract Reserve is Stewarded {
    bool private initialized;
    uint256 public ratio;
    address public oracle;

    constructor() Stewarded(msg.sender) {}

    function initialize(uint256 ratio_, address oracle_) external onlySteward {
        require(!initialized, "already initialized");
        initialized = true;
        ratio = ratio_;
        oracle = oracle_;
    }

    function retire() external onlySteward {
        selfdestruct(payable(steward()));
    }

    function reassign(address next) external onlySteward {
        _setSteward(next);
    }

    function forceReassign(address next) external {
        _setSteward(next);
    }

    function adopt() external whenUnlocked {
        _setSteward(msg.sender);
    }

    receive() external payable {}
}
