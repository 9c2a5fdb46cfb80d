// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Puller} from "./base/Puller.sol";
import {IPullable} from "./interfaces/IPullable.sol";

contract Collector is Puller {
    IPullable public immutable asset;
    mapping(address => uint256) public credited;

    constructor(IPullable asset_) {
        asset = asset_;
    }

    function collectFrom(address payer, uint256 amount) external {
        credited[payer] += amount;
        _pull(asset, payer, amount);
    }

    function deposit(uint256 amount) external {
        credited[msg.sender] += amount;
        _pull(asset, msg.sender, amount);
    }
}
