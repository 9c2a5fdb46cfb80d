// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IPriceFeed} from "../interfaces/IPriceFeed.sol";
import {ISettlementHook} from "../interfaces/ISettlementHook.sol";

contract Market {
    IPriceFeed public immutable feed;
    ISettlementHook public immutable hook;
    uint256 public lastPrice;
    uint64 public lastUpdate;
    uint8 public feedDecimals;
    mapping(address => uint256) public position;
    mapping(address => uint256) public settledValue;

    constructor(IPriceFeed feed_, ISettlementHook hook_) {
        feed = feed_;
        hook = hook_;
    }

    function open(uint256 size) external {
        position[msg.sender] += size;
    }

    function refreshPrice() external {
        (uint256 price, uint64 updatedAt) = feed.latest();
        lastPrice = price;
        lastUpdate = updatedAt;
        feedDecimals = feed.decimals();
    }

    function settle() external {
        uint256 value = position[msg.sender] * lastPrice;
        hook.onSettle(msg.sender, value);
        settledValue[msg.sender] = value;
        position[msg.sender] = 0;
    }
}
