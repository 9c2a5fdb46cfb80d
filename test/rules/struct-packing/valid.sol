// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Orders {
    // Already packed: address + uint64 + bool share one slot.
    struct Order {
        uint256 amount;
        address maker;
        uint64 createdAt;
        bool filled;
    }

    // Two full words: no order does better.
    struct Pair {
        uint256 a;
        bytes32 b;
    }

    Order public last;
}
