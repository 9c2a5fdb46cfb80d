// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IVaultShares} from "./interfaces/IVaultShares.sol";
import {IStableLegacy} from "./interfaces/IStableLegacy.sol";

contract Distributor {
    IVaultShares public immutable shares;
    IStableLegacy public immutable stable;
    address public immutable manager;
    mapping(address => uint256) public allocation;

    constructor(IVaultShares shares_, IStableLegacy stable_) {
        shares = shares_;
        stable = stable_;
        manager = msg.sender;
    }

    function depositShares(uint256 amount) external {
        allocation[msg.sender] += amount;
        shares.transferFrom(msg.sender, address(this), amount);
    }

    function releaseShares(address to) external {
        uint256 amount = allocation[msg.sender];
        allocation[msg.sender] = 0;
        shares.transfer(to, amount);
    }

    function payStable(address to, uint256 amount) external {
        require(msg.sender == manager, "manager only");
        stable.transfer(to, amount);
    }

    function pullStable(uint256 amount) external {
        require(msg.sender == manager, "manager only");
        stable.transferFrom(msg.sender, address(this), amount);
    }
}
