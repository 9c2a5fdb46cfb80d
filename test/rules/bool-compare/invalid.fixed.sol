// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Flags {
    bool public paused;
    mapping(address => bool) public allowed;

    function canAct(address who) external view returns (bool) {
        if (paused) return false; // expect: bool-compare@13:bool-literal-compare
        return allowed[who]; // expect: bool-compare@16:bool-literal-compare
    }

    function blocked(address who) external view returns (bool) {
        return !allowed[who]; // expect: bool-compare@16:bool-literal-compare
    }
}
