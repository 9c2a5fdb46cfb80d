// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Checks {
    function f(uint256 amount, uint8 small, bool flag, int256 delta) external pure returns (bool) {
        require(amount >= 0); // expect: tautology-bool
        if (small > 300) return false; // expect: tautology-bool
        if (flag || true) return true; // expect: tautology-bool
        if (true) return false; // expect: tautology-bool
        require(true); // expect: tautology-bool
        return delta == delta; // expect: tautology-bool
    }
}
