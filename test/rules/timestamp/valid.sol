// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Clock {
    uint256 public started;
    uint256 public blocks;

    // Recording a time is not a decision based on it.
    function start() external {
        started = block.timestamp;
        blocks = block.number;
    }

    function elapsedBlocks() external view returns (bool) {
        return block.number > blocks + 100;
    }
}
