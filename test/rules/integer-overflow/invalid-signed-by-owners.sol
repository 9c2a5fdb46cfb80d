// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

/// The gas amount is part of what the stored owners sign: they chose it, not the submitter.
contract Wallet {
    mapping(address => bool) public isOwner;
    uint256 public nonce;

    event Executed(address to, uint256 value);

    constructor(address[] memory owners) {
        for (uint256 i = 0; i < owners.length; i++) isOwner[owners[i]] = true;
    }

    function execute(address payable to, uint256 value, uint256 txGas, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 digest = keccak256(abi.encode(address(this), to, value, txGas, nonce));
        address signer = ecrecover(digest, v, r, s);
        require(isOwner[signer], "not an owner");
        nonce++;
        require(gasleft() >= (txGas * 64) / 63, "not enough gas"); // expect: integer-overflow@31:uncontrolled-operands
        (bool ok, ) = to.call{value: value, gas: txGas}("");
        require(ok, "call failed");
        emit Executed(to, value);
    }
}
