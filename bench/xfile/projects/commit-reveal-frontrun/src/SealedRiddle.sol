// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {PrizeVault} from "./base/PrizeVault.sol";

/// The answer is committed first, bound to the sender, and revealed in a later block.
contract SealedRiddle is PrizeVault {
    bytes32 public immutable answerHash;
    mapping(address => bytes32) public commitments;
    mapping(address => uint256) public committedAt;

    constructor(bytes32 answerHash_) payable PrizeVault(msg.value) {
        answerHash = answerHash_;
    }

    function commit(bytes32 sealedAnswer) external {
        commitments[msg.sender] = sealedAnswer;
        committedAt[msg.sender] = block.number;
    }

    function reveal(string calldata answer, bytes32 salt) external {
        require(committedAt[msg.sender] != 0 && committedAt[msg.sender] < block.number, "commit first");
        require(commitments[msg.sender] == keccak256(abi.encodePacked(msg.sender, answer, salt)), "bad reveal");
        require(keccak256(abi.encodePacked(answer)) == answerHash, "wrong answer");
        require(winner == address(0), "already solved");
        winner = msg.sender;
    }
}
