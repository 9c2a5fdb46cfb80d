// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Fixed-point arithmetic: every quotient was scaled up before the division and every
// product is scaled back down by the unit, so each step keeps the unit's precision.
library FixedPoint {
    int256 internal constant UNIT = 1e18;

    function mulDown(int256 a, int256 b) internal pure returns (int256) {
        return (a * b) / UNIT;
    }

    // Odd terms of a series in z = (x - 1) / (x + 1), each step a fixed-point multiply.
    function series(int256 x) internal pure returns (int256 sum) {
        int256 z = ((x - UNIT) * UNIT) / (x + UNIT);
        int256 zz = (z * z) / UNIT;
        int256 term = z;
        sum = term;
        term = (term * zz) / UNIT;
        sum += term / 3;
        term = (term * zz) / UNIT;
        sum += term / 5;
    }

    // A high part and the remainder the division drops, each multiplied: nothing is lost.
    function split(int256 big, int256 y) internal pure returns (int256) {
        return (big / UNIT) * y + ((big % UNIT) * y) / UNIT;
    }
}
