// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// A block hash recorded as a reference (which block a claim builds on) or checked against a
/// hash the caller supplies draws nothing. The same comparison deciding a payment is a guess
/// of the hash, and a hash turned into a number is a draw.
contract Checkpoints {
    struct Checkpoint {
        bytes32 parent;
        bytes32 root;
    }

    Checkpoint[] public checkpoints;
    mapping(address => bytes32) public guessOf;
    mapping(address => uint256) public blockOf;

    event Recorded(uint256 indexed index, bytes32 parent, bytes32 root);

    function record(bytes32 root) external {
        bytes32 parent = blockhash(block.number - 1);
        checkpoints.push(Checkpoint(parent, root));
        emit Recorded(checkpoints.length - 1, parent, root);
    }

    function recordAt(bytes32 root, uint256 number, bytes32 expected) external {
        if (expected != bytes32(0)) {
            require(blockhash(number) == expected, "wrong block");
        }
        checkpoints.push(Checkpoint(expected, root));
    }

    function lock(bytes32 guess) external payable {
        require(msg.value == 1 ether, "stake");
        guessOf[msg.sender] = guess;
        blockOf[msg.sender] = block.number + 1;
    }

    function settle() external {
        bytes32 answer = blockhash(blockOf[msg.sender]); // expect: weak-prng@26:block-value-randomness
        blockOf[msg.sender] = 0;
        if (guessOf[msg.sender] == answer) {
            payable(msg.sender).transfer(2 ether);
        }
    }

    function pick(uint256 n) external view returns (uint256) {
        return uint256(blockhash(block.number - 1)) % n; // expect: weak-prng@24:block-value-randomness
    }
}
