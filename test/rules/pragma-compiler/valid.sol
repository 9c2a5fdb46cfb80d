// expect: none
// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

contract Vault {
    uint256 public total;
}
