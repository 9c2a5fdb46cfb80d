// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// A forwarder whose helper ends the whole call in assembly (`return` or `revert` with the
/// callee's data) right after the call out: the write after the helper never runs on a path
/// that made the call.
contract Forwarder {
    address public immutable target;
    mapping(bytes32 => uint256) public queuedAt;

    constructor(address t) {
        target = t;
    }

    function forward(bytes32 id) external {
        require(queuedAt[id] != 0 && queuedAt[id] < block.timestamp, "not ready");
        if (msg.sender != address(0)) {
            _forwardAndHalt();
        }
        queuedAt[id] = 0;
    }

    function queue(bytes32 id) external {
        require(queuedAt[id] == 0, "queued");
        queuedAt[id] = block.timestamp;
    }

    function _forwardAndHalt() internal {
        (bool ok, bytes memory data) = msg.sender.call(msg.data);
        if (ok) {
            assembly {
                return(add(data, 0x20), mload(data))
            }
        } else {
            assembly {
                revert(add(data, 0x20), mload(data))
            }
        }
    }
}
