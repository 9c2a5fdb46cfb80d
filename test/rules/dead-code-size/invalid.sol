// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Leftovers {
    uint256 private legacyFee = 25; // expect: dead-code-size
    uint256 public total;

    function add(uint256 x) external {
        total += x;
    }

    function oldHelper(uint256 x) private pure returns (uint256) { // expect: dead-code-size
        return x * 2;
    }
}
