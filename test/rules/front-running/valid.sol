// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Commit-reveal: the reveal only pays the account that committed first.
contract Puzzle {
    bytes32 public immutable hash;
    mapping(address => bytes32) public commits;

    constructor(bytes32 h) payable {
        hash = h;
    }

    function commit(bytes32 c) external {
        commits[msg.sender] = c;
    }

    function reveal(string calldata solution) external {
        require(commits[msg.sender] == keccak256(abi.encodePacked(msg.sender, solution)), "no commit");
        require(hash == keccak256(bytes(solution)), "wrong");
        commits[msg.sender] = bytes32(0);
        payable(msg.sender).transfer(1 ether);
    }
}
