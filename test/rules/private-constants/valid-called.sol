// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Token {
    uint8 public immutable decimals;

    constructor(uint8 d) {
        decimals = d;
    }
}

// Other code reads the getter: without it Vault would not compile.
contract Vault {
    Token private immutable asset;

    constructor(Token t) {
        asset = t;
    }

    function scale() external view returns (uint256) {
        return 10 ** asset.decimals();
    }
}
