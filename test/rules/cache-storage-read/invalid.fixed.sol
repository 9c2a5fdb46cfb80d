// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Pricing {
    uint256 public fee = 5;
    uint256 public cap = 1000;
    uint256 public calls;

    function price(uint256 amount) external view returns (uint256) {
        uint256 cachedFee = fee;
        uint256 base = amount + cachedFee; // expect: cache-storage-read@33:repeated-read
        if (base > 3) {
            return base * cachedFee;
        }
        return base;
    }

    function sumCapped() external view returns (uint256 total) {
        uint256 cachedCap = cap;
        for (uint256 i = 0; i < 10; ++i) {
            if (total + i < cachedCap) total += i; // expect: cache-storage-read@29:repeated-read
        }
    }
}
