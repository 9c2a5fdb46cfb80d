// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A flag that is checked first but set only after the payment is not a lock: the recipient
// re-enters before it is set and claims the bonus again.
contract Bonus {
    mapping(address => uint256) private rewards;
    mapping(address => bool) private claimed;

    receive() external payable {}

    function withdrawReward(address recipient) public {
        uint256 amount = rewards[recipient];
        rewards[recipient] = 0;
        (bool ok, ) = recipient.call{value: amount}("");
        require(ok);
    }

    function claimBonus(address recipient) public { // expect: reentrancy-eth@14:state-after-eth
        require(!claimed[recipient], "claimed");
        rewards[recipient] += 100;
        withdrawReward(recipient);
        claimed[recipient] = true;
    }
}
