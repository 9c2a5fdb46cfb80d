// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Checks {
    function f(uint256 amount, uint8 small, bool flag, int256 delta) external pure returns (bool) {
        require(amount >= 0); // expect: tautology-bool@17:out-of-range
        if (small > 300) return false; // expect: tautology-bool@13:out-of-range
        if (flag || true) return true; // expect: tautology-bool@13:constant-operand
        if (true) return false; // expect: tautology-bool@13:constant-condition
        require(true); // expect: tautology-bool@9:require-true
        return delta == delta; // expect: tautology-bool@16:self-compare
    }
}
