// SPDX-License-Identifier: MIT
pragma solidity ^0.8.21;

// From 0.8.21 an immutable may be assigned in a branch of the constructor.
contract Limits {
    uint256 public immutable cap; // expect: immutable-state@20:could-be-immutable

    constructor() {
        if (block.chainid == 1) {
            cap = 100;
        } else {
            cap = 200;
        }
    }

    function allowed(uint256 amount) external view returns (bool) {
        return amount < cap;
    }
}
