// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// `total += added += xs[i]` assigns `added` (assignment nests to the right), so
// removing `= 0` leaves a variable that is still assigned before it is read.
contract Chained {
    uint256 public total;

    function add(uint256[] calldata xs) external returns (uint256) {
        uint256 added; // expect: default-init@9:local-default-value
        for (uint256 i; i < xs.length; ++i) {
            total += added += xs[i];
        }
        return added;
    }
}
