// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// The caller picks a module to delegatecall; what is admitted decides the severity.
contract Hub {
    address public owner;
    mapping(address => bool) public modules; // admitted by the owner
    mapping(address => bool) public listed; // anyone can list

    constructor() {
        owner = msg.sender;
    }

    function addModule(address m) external {
        require(msg.sender == owner, "owner");
        modules[m] = true;
    }

    function list(address m) external {
        listed[m] = true;
    }

    function moduleCall(address module, bytes calldata data) external returns (bytes memory out) {
        require(modules[module], "unknown module");
        bool ok;
        (ok, out) = module.delegatecall(data); // expect: controlled-delegatecall@21:allowlisted-target
        require(ok, "failed");
    }

    function listedCall(address module, bytes calldata data) external returns (bytes memory out) {
        if (!listed[module]) revert("unlisted");
        bool ok;
        (ok, out) = module.delegatecall(data); // expect: controlled-delegatecall@21:controlled-target
        require(ok, "failed");
    }

    /// Checking a different address than the one called admits nothing.
    function wrongCheck(address module, address other, bytes calldata data) external returns (bytes memory out) {
        require(modules[other], "unknown module");
        bool ok;
        (ok, out) = module.delegatecall(data); // expect: controlled-delegatecall@21:controlled-target
        require(ok, "failed");
    }
}
