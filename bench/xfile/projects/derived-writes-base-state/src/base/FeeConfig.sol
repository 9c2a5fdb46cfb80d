// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IPriceFeed {
    function price() external view returns (uint256);
}

abstract contract FeeConfig {
    /// Protocol fee in basis points; Shop lets its admin change it.
    uint256 public feeBps = 30;

    /// Receives the fees; set here, moved by Shop.
    address public treasury;

    /// The largest order, in wei; nothing ever changes it.
    uint256 public maxOrder = 100 ether;

    /// Who may change the fee.
    address public admin;

    constructor(address treasury_) {
        treasury = treasury_;
        admin = msg.sender;
    }
}
