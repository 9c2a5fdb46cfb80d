// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {DepositEntry} from "./base/DepositEntry.sol";

contract Pool is DepositEntry {
    uint256 public totalDeposits;
    mapping(address => uint256) public tips;

    function _onDeposit(address who) internal override {
        balanceOf[who] += msg.value;
        totalDeposits += msg.value;
    }

    function recordTip() external {
        tips[msg.sender] += _tipOf();
    }

    function withdraw(uint256 amount) external {
        balanceOf[msg.sender] -= amount;
        totalDeposits -= amount;
        payable(msg.sender).transfer(amount);
    }
}
