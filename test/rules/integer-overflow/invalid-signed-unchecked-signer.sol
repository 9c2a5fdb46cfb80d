// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

/// A signature nobody checks against the stored owners proves nothing: the submitter picks the gas.
contract LooseWallet {
    mapping(address => bool) public isOwner;
    uint256 public nonce;

    event Executed(address signer, uint256 txGas);

    function execute(uint256 txGas, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 digest = keccak256(abi.encode(address(this), txGas, nonce));
        address signer = ecrecover(digest, v, r, s);
        require(signer != address(0), "bad signature");
        nonce++;
        require(gasleft() >= (txGas * 64) / 63, "not enough gas"); // expect: integer-overflow@31:unchecked-compiler
        emit Executed(signer, txGas);
    }
}
