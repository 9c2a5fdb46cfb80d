// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Governed} from "./access/Governed.sol";

contract Treasury is Governed {
    bool private initialized;
    uint256 public rateBps;
    address public keeper;

    constructor(address gov, address adm) Governed(gov, adm) {}

    function initialize(uint256 rate, address keeper_) external {
        _requireAdmin();
        require(!initialized, "already initialized");
        initialized = true;
        rateBps = rate;
        keeper = keeper_;
    }

    function setGovernor(address next) external byGovernor {
        governor = next;
    }

    function setAdmin(address next) external {
        _requireAdmin();
        admin = next;
    }

    function transferOwnerAccount(address next) external {
        require(owner() == msg.sender, "owner only");
        ownerAccount = next;
    }

    function decommission() external {
        require(owner() == msg.sender, "owner only");
        selfdestruct(payable(msg.sender));
    }

    function retire(address payable to) external byGovernor {
        selfdestruct(to);
    }

    function setKeeper(address account, bool enabled) external byGovernor {
        isKeeper[account] = enabled;
    }

    function removeKeeper(address account) external byKeeper {
        isKeeper[account] = false;
    }

    function sweep(address payable to) external byKeeper {
        to.transfer(address(this).balance);
    }

    function nominateAdmin(address next) external {
        admin = next;
    }

    receive() external payable {}
}
