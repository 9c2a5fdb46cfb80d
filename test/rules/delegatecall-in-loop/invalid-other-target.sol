// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// The loop delegatecalls code other than this contract's: even though nothing here reads
/// msg.value, the code that runs is not this source's, and each iteration sees the whole payment.
contract Dispatcher {
    address public immutable logic;
    mapping(address => uint256) public held;

    constructor(address l) {
        logic = l;
    }

    function runAll(bytes[] calldata calls) external payable {
        for (uint256 i = 0; i < calls.length; i++) {
            (bool ok, ) = logic.delegatecall(calls[i]); // expect: delegatecall-in-loop@27:payable-loop-delegatecall
            require(ok);
        }
    }

    function runEach(address[] calldata targets, bytes[] calldata calls) external payable {
        for (uint256 i = 0; i < calls.length; i++) {
            (bool ok, ) = targets[i].delegatecall(calls[i]); // expect: delegatecall-in-loop@27:payable-loop-delegatecall
            require(ok);
        }
    }

    function keep() external payable {
        held[msg.sender] += address(this).balance;
    }
}
