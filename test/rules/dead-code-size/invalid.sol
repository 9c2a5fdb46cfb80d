// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Leftovers {
    uint256 private legacyFee = 25; // expect: dead-code-size@21:unused-private-variable
    uint256 public total;

    function add(uint256 x) external {
        total += x;
    }

    function oldHelper(uint256 x) private pure returns (uint256) { // expect: dead-code-size@5:unused-private-function
        return x * 2;
    }
}
