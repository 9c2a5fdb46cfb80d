// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Delegator} from "./base/Delegator.sol";
import {AdminGate} from "./base/AdminGate.sol";

contract Router is Delegator, AdminGate {
    address public immutable coreModule;
    address public extensionModule;

    constructor(address core) {
        coreModule = core;
    }

    function setExtension(address module) external adminGated {
        extensionModule = module;
    }

    function runPlugin(address plugin, bytes calldata data) external returns (bytes memory) {
        return _delegateTo(plugin, data);
    }

    function runCore(bytes calldata data) external returns (bytes memory) {
        return _delegateTo(coreModule, data);
    }

    function runExtension(bytes calldata data) external returns (bytes memory) {
        return _delegateTo(extensionModule, data);
    }
}
