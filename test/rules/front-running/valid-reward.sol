// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// The claimant states the reward they expect, so a last-moment change cannot short them.
contract Bounty {
    address public owner = msg.sender;
    bool public claimed;
    uint256 public reward;
    mapping(address => uint256) public owed;

    function setReward() external payable {
        require(msg.sender == owner && !claimed, "no");
        reward = msg.value;
    }

    function claimReward(uint256 expected) external {
        require(!claimed && reward == expected, "changed");
        claimed = true;
        payable(msg.sender).transfer(expected);
    }

    function withdraw() external {
        uint256 amount = owed[msg.sender];
        owed[msg.sender] = 0;
        payable(msg.sender).transfer(amount);
    }
}
