// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// A local that holds an encoding of a dynamic value varies in length: the boundary moves.
contract Notes {
    function hashNotes(string memory a, bytes memory b) external pure returns (bytes32) {
        bytes memory head = abi.encode(a);
        return keccak256(abi.encodePacked(head, b)); // expect: encode-packed-collision@26:packed-dynamic-hash
    }
}
