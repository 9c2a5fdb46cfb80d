// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title A vault with the mistakes Synor looks for
/// @notice Test contract for the end-to-end suite; do not deploy.
contract Vault {
    address internal owner;
    mapping(address => uint256) public balances;

    constructor() {
        owner = msg.sender;
    }

    function deposit() external payable {
        balances[msg.sender] += msg.value;
    }

    function withdraw(uint256 amount) external {
        require(balances[msg.sender] >= amount, "insufficient balance");
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "transfer failed");
        balances[msg.sender] -= amount;
    }

    function sweep(address payable to) external {
        require(tx.origin == owner, "not owner");
        to.transfer(address(this).balance);
    }

    function pay(address payable to, uint256 amount) external {
        require(msg.sender == owner, "not owner");
        to.send(amount);
    }

    function close() external {
        selfdestruct(payable(msg.sender));
    }
}
