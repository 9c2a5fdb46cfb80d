// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A failure branch that ends the call in inline assembly (re-raising the callee's error,
// or returning its data) handles the flag; assembly that only copies memory does not.
contract Batcher {
    address public immutable admin;

    constructor() {
        admin = msg.sender;
    }

    function bubble(address[] calldata targets, bytes[] calldata data) external {
        for (uint256 i = 0; i < targets.length; i++) {
            (bool ok, bytes memory ret) = targets[i].call(data[i]);
            if (!ok) {
                assembly {
                    revert(add(ret, 32), mload(ret))
                }
            }
        }
    }

    function forwardAll(address target) external payable {
        (bool ok, bytes memory ret) = target.call{value: msg.value}(msg.data);
        if (ok == true) {
            assembly {
                return(add(ret, 0x20), mload(ret))
            }
        } else {
            assembly {
                revert(add(ret, 0x20), mload(ret))
            }
        }
    }

    function copiesOnly(address target, bytes calldata data) external returns (uint256 size) {
        require(msg.sender == admin, "admin");
        (bool ok, bytes memory ret) = target.call(data); // expect: unchecked-low-level-call@39:unchecked-result
        if (!ok) {
            assembly {
                size := mload(ret)
            }
        }
    }
}
