// SPDX-License-Identifier: MIT
pragma solidity 0.4.24; // expect: pragma-compiler@1:buggy-compiler

contract Vault {
    uint256 public total;
}
