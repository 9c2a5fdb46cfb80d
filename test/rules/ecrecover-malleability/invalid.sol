// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Claims {
    mapping(bytes32 => bool) public usedSignatures;
    address public signer;

    function claim(bytes32 digest, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 sigId = keccak256(abi.encode(v, r, s));
        require(!usedSignatures[sigId]);
        usedSignatures[sigId] = true;
        require(ecrecover(digest, v, r, s) == signer); // expect: ecrecover-malleability@17:raw-ecrecover
    }
}
