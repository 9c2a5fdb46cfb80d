// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// deposit() credits msg.value: batched through multicall, one payment is credited per call.
contract Batch {
    mapping(address => uint256) public balances;

    function multicall(bytes[] calldata calls) external payable {
        for (uint256 i = 0; i < calls.length; i++) {
            (bool ok, ) = address(this).delegatecall(calls[i]); // expect: delegatecall-in-loop@27:payable-loop-delegatecall
            require(ok);
        }
    }

    function deposit() external payable {
        balances[msg.sender] += msg.value;
    }
}
