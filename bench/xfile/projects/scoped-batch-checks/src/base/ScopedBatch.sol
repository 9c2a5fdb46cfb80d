// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// A batch of calls that each caller may only make where an administrator granted them the
/// target and the selector: `_requireScoped` checks every element of the batch it is handed.
abstract contract ScopedBatch {
    struct Call {
        address target;
        uint256 value;
        bytes callData;
    }

    address public admin;
    mapping(address => mapping(bytes4 => mapping(address => bool))) public scoped;

    constructor() {
        admin = msg.sender;
    }

    function setScope(address who, bytes4 selector, address target, bool allowed) external {
        require(msg.sender == admin, "admin");
        scoped[who][selector][target] = allowed;
    }

    function _requireScoped(Call[] calldata calls) internal view {
        for (uint256 i = 0; i < calls.length; ++i) {
            require(scoped[msg.sender][bytes4(calls[i].callData[:4])][calls[i].target], "out of scope");
        }
    }
}
