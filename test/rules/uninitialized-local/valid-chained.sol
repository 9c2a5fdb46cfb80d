// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Assignment nests to the right: `total += added += x` and `total += b = a`
// assign `added` and `b`, which are then read with the values given.
contract Chained {
    uint256 public total;

    function add(uint256[] calldata xs) external returns (uint256) {
        uint256 added;
        for (uint256 i; i < xs.length; ++i) {
            total += added += xs[i];
        }
        return added;
    }

    function set(uint256 a) external returns (uint256) {
        uint256 b;
        uint256 c;
        total += b = c = a;
        return b + c;
    }
}
