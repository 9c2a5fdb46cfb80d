// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Accumulator {
    uint256 public total;
    uint256 public rounds;

    function addAll() external {
        for (uint256 i = 0; i < 5; ++i) {
            total += i; // expect: costly-loop@13:write-in-loop
            rounds = rounds + 1; // expect: costly-loop@13:write-in-loop
        }
    }
}
