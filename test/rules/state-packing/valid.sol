// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Config {
    uint256 public total;
    uint128 public low;
    uint128 public high;
    // Constants and immutables take no slot.
    uint8 public constant DECIMALS = 18;
    address public immutable owner = msg.sender;
    mapping(address => uint256) public balances;
}
