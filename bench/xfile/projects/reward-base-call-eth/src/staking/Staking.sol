// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {RewardDistributor} from "../base/RewardDistributor.sol";

contract Staking is RewardDistributor {
    mapping(address => uint256) public staked;

    function stake() external payable {
        staked[msg.sender] += msg.value;
        rewardOf[msg.sender] += msg.value / 100;
    }

    function claim() external {
        uint256 owed = rewardOf[msg.sender];
        require(owed > 0, "nothing to claim");
        _sendReward(msg.sender, owed);
        rewardOf[msg.sender] = 0;
    }

    function claimAndRestake() external {
        uint256 owed = rewardOf[msg.sender];
        require(owed > 0, "nothing to claim");
        rewardOf[msg.sender] = 0;
        _sendReward(msg.sender, owed);
    }
}
