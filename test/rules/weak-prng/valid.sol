// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Oracle {
    uint32 public lastUpdate;
    uint256 public deadline;
    mapping(bytes32 => uint256) public commits;

    // Truncating a timestamp to 32 bits draws nothing random.
    function update() external {
        lastUpdate = uint32(block.timestamp % 2 ** 32);
    }

    function open() external {
        deadline = block.timestamp + 1 days;
    }

    // Commit-reveal: the hash binds the caller's own secret, not a block value.
    function commit(bytes32 secretHash) external {
        commits[keccak256(abi.encodePacked(msg.sender, secretHash))] = block.number;
    }

    // A hash of the time kept as bytes32 is an identifier, not a draw.
    function ticketId(address who) external view returns (bytes32) {
        return keccak256(abi.encodePacked(who, block.timestamp));
    }

    // Handing a block hash back to the caller draws nothing here.
    function hashOf(uint256 n) external view returns (bytes32) {
        return blockhash(n);
    }
}
