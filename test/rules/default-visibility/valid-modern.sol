// expect: none
// SPDX-License-Identifier: MIT
// From 0.5.0 on, solc requires an explicit function visibility, so the rule does not run.
pragma solidity ^0.8.20;

contract Wallet {
    address owner;
}
