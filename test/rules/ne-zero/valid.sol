// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Signed {
    int256 public delta;

    // For a signed integer, x > 0 excludes negative values: not the same as x != 0.
    function gaining() external view returns (uint256 r) {
        if (delta > 0) r = 1;
    }

    // A returned comparison: measured, `!= 0` costs 3 gas more here without the optimizer.
    function positive(uint256 x) external pure returns (bool) {
        return x > 0;
    }

    function already(uint256 x) external pure returns (uint256 r) {
        if (x != 0) r = 1;
    }

    function above(uint256 x) external pure returns (uint256 r) {
        if (x > 1) r = 1;
    }
}

contract Combined {
    // Inside && or a ternary, measured: `!= 0` costs up to 6 gas more with the optimizer.
    function both(uint256 a, uint256 b) external pure returns (uint256) {
        return a > 0 && b > 0 ? 1 : 2;
    }
}
