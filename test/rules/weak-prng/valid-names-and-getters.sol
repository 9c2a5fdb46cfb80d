// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Names decide nothing: a value called "seed" that is only stored draws nothing, and a getter
/// that hands a block hash back through its named return is not using it as entropy.
contract Blocks {
    uint256 public lastSeed;

    function record() external {
        uint256 seed = block.timestamp;
        lastSeed = seed;
    }

    function getBlockHash(uint256 blockNumber) external view returns (bytes32 blockHash) {
        blockHash = blockhash(blockNumber);
    }

    function getLastBlockHash() external view returns (bytes32 blockHash) {
        unchecked {
            blockHash = blockhash(block.number - 1);
        }
    }
}
