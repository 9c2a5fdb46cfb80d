// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Accumulator {
    uint256 public total;
    mapping(uint256 => uint256) public perRound;

    // Accumulated in a local and written once.
    function addAll() external {
        uint256 sum = total;
        for (uint256 i = 0; i < 5; ++i) sum += i;
        total = sum;
    }

    // A different mapping slot per iteration cannot be batched.
    function record() external {
        for (uint256 i = 0; i < 3; ++i) perRound[i] = i;
    }
}
