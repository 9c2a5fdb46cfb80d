// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// The same helper, but a second entry passes an amount nothing checks: anyone can drain the
// contract through it, whatever the first entry does.
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

    function rescue(address payable recipient, uint256 amount) external {
        _send(recipient, amount);
    }

    function _send(address payable to, uint256 value) private {
        (bool ok, ) = to.call{value: value}(""); // expect: arbitrary-eth-send@23:arbitrary-recipient
        require(ok, "send failed");
    }
}
