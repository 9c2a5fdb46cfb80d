// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// A deliberately vulnerable bank, for trying Synor out. Do not deploy.
contract VulnerableBank {
    mapping(address => uint256) public balances;
    address public owner;
    address public implementation;

    constructor() {
        owner = msg.sender;
    }

    function deposit() external payable {
        balances[msg.sender] += msg.value;
    }

    // Reentrancy: the balance is cleared after the external call.
    function withdraw() external {
        uint256 amount = balances[msg.sender];
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "transfer failed");
        balances[msg.sender] = 0;
    }

    // Authorization through tx.origin.
    function setOwner(address newOwner) external {
        require(tx.origin == owner, "not owner");
        owner = newOwner;
    }

    // The caller chooses the delegatecall target.
    function execute(address target, bytes calldata data) external {
        (bool ok, ) = target.delegatecall(data);
        require(ok);
    }

    // Anyone can destroy the contract.
    function close() external {
        selfdestruct(payable(msg.sender));
    }

    // Randomness from block values can be predicted by miners and other contracts.
    function lottery() external view returns (bool) {
        return uint256(keccak256(abi.encodePacked(block.timestamp, block.prevrandao))) % 2 == 0;
    }

    // The result of the low-level call is ignored.
    function ping(address target) external {
        target.call("");
    }
}
