// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {FeeConfig, IPriceFeed} from "./base/FeeConfig.sol";

contract Shop is FeeConfig {
    bool public open;
    IPriceFeed public feed;
    bool public paused;

    constructor(address treasury_, IPriceFeed feed_) FeeConfig(treasury_) {
        feed = feed_;
    }

    function setFee(uint256 bps) external {
        require(msg.sender == admin, "not admin");
        feeBps = bps;
    }

    function moveTreasury(address next) external {
        require(msg.sender == admin, "not admin");
        treasury = next;
    }

    function quote(uint256 amount) external view returns (uint256 fee) {
        fee = (amount * feeBps) / 10_000;
        if (feeBps > 0 && fee == 0) fee = 1;
    }
}
