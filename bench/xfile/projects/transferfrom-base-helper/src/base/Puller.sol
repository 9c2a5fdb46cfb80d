// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IPullable} from "../interfaces/IPullable.sol";

abstract contract Puller {
    function _pull(IPullable asset, address from, uint256 amount) internal {
        require(asset.transferFrom(from, address(this), amount), "pull failed");
    }
}
