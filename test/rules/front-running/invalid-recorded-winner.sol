// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// The reveal records the caller as the winner and another function pays whoever is recorded:
// the answer is visible in the mempool, so a copier wins.
contract Riddle {
    bytes32 public immutable answerHash;
    address public winner;
    bool public paid;

    constructor(bytes32 h) payable {
        answerHash = h;
    }

    function solve(string calldata answer) external {
        require(winner == address(0), "solved");
        require(keccak256(abi.encodePacked(answer)) == answerHash, "wrong"); // expect: front-running@17:reveal-reward
        winner = msg.sender;
    }

    function collect() external {
        require(msg.sender == winner, "not winner");
        require(!paid, "paid");
        paid = true;
        payable(msg.sender).transfer(address(this).balance);
    }
}

// The same riddle with the answer committed first, bound to the sender: nothing to copy.
contract SealedRiddle {
    bytes32 public immutable answerHash;
    address public winner;
    mapping(address => bytes32) public commitments;
    mapping(address => uint256) public committedAt;

    constructor(bytes32 h) payable {
        answerHash = h;
    }

    function commit(bytes32 sealedAnswer) external {
        commitments[msg.sender] = sealedAnswer;
        committedAt[msg.sender] = block.number;
    }

    function reveal(string calldata answer, bytes32 salt) external {
        require(committedAt[msg.sender] != 0 && committedAt[msg.sender] < block.number, "commit first");
        require(commitments[msg.sender] == keccak256(abi.encodePacked(msg.sender, answer, salt)), "bad reveal");
        require(keccak256(abi.encodePacked(answer)) == answerHash, "wrong");
        require(winner == address(0), "solved");
        winner = msg.sender;
    }

    function collect() external {
        require(msg.sender == winner, "not winner");
        payable(msg.sender).transfer(address(this).balance);
    }
}
