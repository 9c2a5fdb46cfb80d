// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Books per-account rewards and pays them out in ETH.
abstract contract RewardDistributor {
    mapping(address => uint256) public rewardOf;
    uint256 public rewardPool;

    function fundRewards() external payable {
        rewardPool += msg.value;
    }

    function _sendReward(address to, uint256 amount) internal {
        (bool ok, ) = payable(to).call{value: amount}("");
        require(ok, "reward transfer failed");
    }
}
