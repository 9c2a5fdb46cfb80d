// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A proxy whose implementation is fixed at deployment: the data comes from the
// caller, but the code that runs does not.
contract ImmutableProxy {
    address public immutable implementation;

    constructor(address impl) {
        implementation = impl;
    }

    fallback() external payable {
        (bool ok, ) = implementation.delegatecall(msg.data);
        require(ok);
    }
}

contract OwnedProxy {
    address public owner = msg.sender;
    address public implementation;

    function upgrade(address next) external {
        require(msg.sender == owner, "not owner");
        implementation = next;
    }

    function run(address lib, bytes calldata data) external {
        require(msg.sender == owner, "not owner");
        (bool ok, ) = lib.delegatecall(data);
        require(ok);
    }

    fallback() external payable {
        (bool ok, ) = implementation.delegatecall(msg.data);
        require(ok);
    }
}
