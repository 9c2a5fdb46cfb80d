// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Bidders withdraw their own recorded balance to a recipient of their choosing. The payment sits
// in a private helper; the entry that calls it checks the amount against the caller's balance (a
// local copy of it) and debits it first.
contract Deposits {
    mapping(address => uint256) private balanceOf;

    function deposit() external payable {
        balanceOf[msg.sender] += msg.value;
    }

    function withdraw(address payable recipient, uint256 amount) external {
        uint256 balance = balanceOf[msg.sender];
        if (amount > balance) revert();
        balanceOf[msg.sender] = balance - amount;
        _send(recipient, amount);
    }

    function _send(address payable to, uint256 value) private {
        (bool ok, ) = to.call{value: value}("");
        require(ok, "send failed");
    }
}
