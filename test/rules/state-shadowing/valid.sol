// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.5.0;

contract Owned {
    address public owner;
    uint256 private nonce;
}

// Reusing the base variable, and a local that merely shares a name, are not
// redeclarations of state.
contract Vault is Owned {
    uint256 public balance;

    constructor() public {
        owner = msg.sender;
    }

    function bump() public view returns (uint256) {
        uint256 nonce = balance + 1;
        return nonce;
    }
}
