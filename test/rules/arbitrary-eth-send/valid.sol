// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Payouts {
    address public owner = msg.sender;
    mapping(address => uint256) public balances;

    // Owner-gated: only the owner picks the recipient.
    function payout(address payable to, uint256 amount) external {
        require(msg.sender == owner, "not owner");
        to.transfer(amount);
    }

    // Paying the caller their own balance is the normal withdrawal.
    function withdraw() external {
        uint256 amount = balances[msg.sender];
        balances[msg.sender] = 0;
        payable(msg.sender).transfer(amount);
    }

    // Forwarding exactly the ETH sent with the call spends none of the contract's.
    function forward(address payable to) external payable {
        to.transfer(msg.value);
    }
}
