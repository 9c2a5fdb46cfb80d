// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0; // expect: pragma-compiler@1:buggy-compiler, pragma-compiler@1:floating-pragma, pragma-compiler@1:push0

contract Vault {
    uint256 public total;
}
