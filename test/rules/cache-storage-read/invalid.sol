// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Pricing {
    uint256 public fee = 5;
    uint256 public cap = 1000;
    uint256 public calls;

    function price(uint256 amount) external view returns (uint256) {
        uint256 base = amount + fee; // expect: cache-storage-read@33:repeated-read
        if (base > 3) {
            return base * fee;
        }
        return base;
    }

    function sumCapped() external view returns (uint256 total) {
        for (uint256 i = 0; i < 10; ++i) {
            if (total + i < cap) total += i; // expect: cache-storage-read@29:repeated-read
        }
    }
}
