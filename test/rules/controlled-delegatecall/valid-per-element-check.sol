// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Each caller may run only the plugins an administrator enabled for that caller. Every plugin
// of the batch is checked before the helper walks the same calldata array and delegates to
// each: the code that runs is always one enabled for whoever called.
contract PluginRunner {
    address public admin = msg.sender;
    mapping(address => mapping(address => bool)) public enabledFor;

    function enable(address user, address plugin) external {
        require(msg.sender == admin, "admin");
        enabledFor[plugin][user] = true;
    }

    function runPlugins(address[] calldata plugins, bytes[] calldata inputs) external {
        for (uint256 i = 0; i < plugins.length; ++i) {
            require(enabledFor[plugins[i]][msg.sender], "plugin not enabled");
        }
        _delegateEach(plugins, inputs);
    }

    function _delegateEach(address[] calldata plugins, bytes[] calldata inputs) private {
        for (uint256 i = 0; i < plugins.length; ++i) {
            (bool ok, ) = plugins[i].delegatecall(inputs[i]);
            require(ok, "plugin failed");
        }
    }
}
