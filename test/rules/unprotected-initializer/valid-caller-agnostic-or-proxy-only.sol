// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// One-time switches that take no input and read neither the caller nor the call: whoever calls
// first leaves the same state as anyone else would, so there is nothing to take.
contract Escape {
    address public owner;
    bool public open;
    uint256 public deadline;

    constructor(uint256 d) {
        owner = msg.sender;
        deadline = d;
    }

    function openAfterDeadline() external {
        require(!open, "already");
        require(block.timestamp > deadline, "early");
        open = true;
    }

    function run(address target, bytes calldata data) external {
        require(msg.sender == owner, "owner");
        (bool ok, ) = target.delegatecall(data);
        require(ok, "failed");
    }
}

// An initializer that reverts unless it runs through a proxy's delegatecall: the deployed code
// itself can never be initialised, whoever calls.
contract Logic {
    address private immutable self = address(this);
    address public admin;
    bool private initialized;

    modifier onlyDelegated() {
        require(address(this) != self, "direct call");
        _;
    }

    function initialize(address a) external onlyDelegated {
        require(!initialized, "initialized");
        initialized = true;
        admin = a;
    }

    function exec(address target, bytes calldata data) external {
        require(msg.sender == admin, "admin");
        (bool ok, ) = target.delegatecall(data);
        require(ok, "failed");
    }
}
