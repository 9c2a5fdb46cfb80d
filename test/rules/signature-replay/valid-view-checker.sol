// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A view function that checks signatures over data it hashes itself changes nothing: replaying
// the signature to it gains nothing. The function that acts on the answer is the one judged.
contract Checker {
    mapping(address => bool) public isSigner;

    function checkApproval(address account, uint256 amount, uint8 v, bytes32 r, bytes32 s) public view returns (bool) {
        bytes32 digest = keccak256(abi.encodePacked(account, amount));
        return isSigner[ecrecover(digest, v, r, s)];
    }
}
