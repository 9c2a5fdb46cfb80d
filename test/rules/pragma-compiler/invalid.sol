// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0; // expect: pragma-compiler, pragma-compiler, pragma-compiler

contract Vault {
    uint256 public total;
}
