// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A path that returns keeps what the delegated code did.
contract Simulator {
    error Result(bool ok, bytes data);

    function simulate(address target, bytes calldata data) external returns (bytes memory) {
        (bool ok, bytes memory ret) = target.delegatecall(data); // expect: controlled-delegatecall@39:controlled-target
        if (ok) return ret;
        revert Result(ok, ret);
    }
}
