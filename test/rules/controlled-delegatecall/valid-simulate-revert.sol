// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Simulate-then-revert: the function delegates to any target the caller names, but every
// path reverts, so whatever the delegated code did is undone with it.
contract Simulator {
    error Result(bool ok, bytes data);

    function simulate(address target, bytes calldata data) external payable {
        (bool ok, bytes memory ret) = target.delegatecall(data);
        revert Result(ok, ret);
    }

    function simulateBoth(address target, bytes calldata data) external {
        (bool ok, bytes memory ret) = target.delegatecall(data);
        if (ok) revert Result(true, ret);
        revert Result(false, ret);
    }
}
