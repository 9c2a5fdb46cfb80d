// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {ScopedBatch} from "./base/ScopedBatch.sol";

contract Gateway is ScopedBatch {
    receive() external payable {}

    // Every call checked against the caller's scope, then the same array run.
    function runScoped(Call[] calldata calls) external payable returns (bytes[] memory) {
        _requireScoped(calls);
        return _runAll(calls);
    }

    // The scope is checked on one array and another is run: nothing ties the calls made to a grant.
    function runChecked(Call[] calldata checked, Call[] calldata calls) external payable returns (bytes[] memory) {
        _requireScoped(checked);
        return _runOther(calls);
    }

    function _runAll(Call[] calldata calls) internal returns (bytes[] memory out) {
        out = new bytes[](calls.length);
        for (uint256 i = 0; i < calls.length; ++i) {
            (bool ok, bytes memory ret) = calls[i].target.call{value: calls[i].value}(calls[i].callData);
            require(ok, "call failed");
            out[i] = ret;
        }
    }

    function _runOther(Call[] calldata calls) internal returns (bytes[] memory out) {
        out = new bytes[](calls.length);
        for (uint256 i = 0; i < calls.length; ++i) {
            (bool ok, bytes memory ret) = calls[i].target.call{value: calls[i].value}(calls[i].callData);
            require(ok, "call failed");
            out[i] = ret;
        }
    }
}
