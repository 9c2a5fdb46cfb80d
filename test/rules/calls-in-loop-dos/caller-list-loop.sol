// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IHandler {
    function handle(bytes32 id) external payable returns (bool);
}

/// A loop over the list the caller passes in the call: every iteration is an item the caller
/// chose, so a handler that reverts fails only the caller's own batch (low). A loop over a list
/// kept in storage is blocked for everyone by one handler that reverts (medium).
contract Dispatcher {
    struct Item {
        bytes32 kind;
        uint256 value;
    }

    mapping(bytes32 => IHandler) public handlerOf;
    bytes32[] public queue;

    function register(bytes32 kind, IHandler h) external {
        require(address(handlerOf[kind]) == address(0), "taken");
        handlerOf[kind] = h;
    }

    function enqueue(bytes32 kind) external {
        queue.push(kind);
    }

    function submitMany(Item[] calldata items) external payable {
        uint256 n = items.length;
        for (uint256 i = 0; i < n; i++) {
            _dispatch(items[i].kind, items[i].value); // expect: calls-in-loop-dos@13:caller-list-loop
        }
    }

    function flush() external {
        for (uint256 i = 0; i < queue.length; i++) {
            _dispatch(queue[i], 1); // expect: calls-in-loop-dos@13:helper-call-in-loop
        }
        delete queue;
    }

    function _dispatch(bytes32 kind, uint256 value) internal {
        require(handlerOf[kind].handle{value: value}(kind), "rejected");
    }

    receive() external payable {}
}
