// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Permit {
    mapping(address => uint256) public nonces;
    mapping(address => mapping(address => uint256)) public allowance;

    // The nonce in the signed message makes a malleated copy worthless.
    function permit(address owner, address spender, uint256 value, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 digest = keccak256(abi.encode(owner, spender, value, nonces[owner]++));
        address who = ecrecover(digest, v, r, s);
        require(who != address(0) && who == owner, "bad signature");
        allowance[owner][spender] = value;
    }
}
