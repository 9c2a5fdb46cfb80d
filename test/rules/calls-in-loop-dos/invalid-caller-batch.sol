// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Who lists the recipients decides whom a failing one blocks.
contract Batches {
    struct Call {
        address payable target;
        uint256 value;
        bytes data;
    }

    address payable[] public payees;

    function join() external {
        payees.push(payable(msg.sender));
    }

    /// The caller lists the targets in this call: a failure fails only that caller's batch.
    function run(Call[] calldata calls) external payable {
        for (uint256 i = 0; i < calls.length; i++) {
            Call calldata c = calls[i];
            (bool ok, ) = c.target.call{value: c.value}(c.data); // expect: calls-in-loop-dos@27:caller-batch
            require(ok, "call failed");
        }
    }

    /// Stored recipients anyone can join: one that rejects ETH blocks everyone.
    function payAll() external {
        for (uint256 i = 0; i < payees.length; i++) {
            payees[i].transfer(1 wei); // expect: calls-in-loop-dos@13:payment-in-loop
        }
    }

    receive() external payable {}
}
