// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Settings {
    // Set once and never cleared: the 1/2 pattern would save nothing.
    bool public initialized;
    bool public constant ENABLED = true;
    mapping(address => bool) public allowed;
    uint256 private locked = 1;

    function init() external {
        initialized = true;
    }

    function run() external {
        require(locked == 1);
        locked = 2;
        locked = 1;
    }
}
