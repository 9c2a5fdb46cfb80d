// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Values nothing assigns again: the explicit default says they are meant. Without it,
// uninitialized-state and uninitialized-local would take them for forgotten assignments.
contract NamedZeros {
    bool public paused = false;
    uint256 private fee = 0;

    function quote(uint256 amount) external view returns (uint256) {
        uint256 discount = 0;
        if (paused) return 0;
        return amount * fee - discount;
    }
}
