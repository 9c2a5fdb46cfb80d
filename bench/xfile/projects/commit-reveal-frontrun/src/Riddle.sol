// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {PrizeVault} from "./base/PrizeVault.sol";

contract Riddle is PrizeVault {
    bytes32 public immutable answerHash;

    constructor(bytes32 answerHash_) payable PrizeVault(msg.value) {
        answerHash = answerHash_;
    }

    function solve(string calldata answer) external {
        require(winner == address(0), "already solved");
        require(keccak256(abi.encodePacked(answer)) == answerHash, "wrong answer");
        winner = msg.sender;
    }
}
