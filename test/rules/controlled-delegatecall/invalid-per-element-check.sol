// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// The checking loop covers the inputs, not the plugins delegated to: any caller with one grant
// runs code of their choosing in this contract's context.
contract PluginRunnerWrongArray {
    mapping(address => mapping(bytes32 => bool)) public mayRun;

    function allowInput(bytes32 h) external {
        mayRun[msg.sender][h] = true;
    }

    function runPlugins(address[] calldata plugins, bytes[] calldata inputs) external {
        for (uint256 i = 0; i < inputs.length; ++i) {
            require(mayRun[msg.sender][keccak256(inputs[i])], "input not allowed");
        }
        _delegateEach(plugins, inputs);
    }

    function _delegateEach(address[] calldata plugins, bytes[] calldata inputs) private {
        for (uint256 i = 0; i < plugins.length; ++i) {
            (bool ok, ) = plugins[i].delegatecall(inputs[i]); // expect: controlled-delegatecall@27:controlled-target
            require(ok, "plugin failed");
        }
    }
}
