// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Registry {
    function id(string calldata name, address owner, uint256 n) external pure returns (bytes32) {
        // One dynamic value among fixed-size ones cannot collide.
        return keccak256(abi.encodePacked(name, owner, n));
    }

    function uri(string memory base, string memory path) external pure returns (string memory) {
        // Concatenation that is never hashed is harmless.
        return string(abi.encodePacked(base, path));
    }

    function typeHash(string calldata a, string calldata b) external pure returns (bytes32) {
        // A fixed-size value between the dynamic ones delimits them.
        return keccak256(abi.encodePacked(a, uint256(bytes(a).length), b));
    }

    function safeId(string calldata a, string calldata b) external pure returns (bytes32) {
        return keccak256(abi.encode(a, b));
    }
}
