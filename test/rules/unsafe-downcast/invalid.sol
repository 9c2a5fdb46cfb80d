// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Vault {
    mapping(address => uint128) public balances;
    uint96 public total;

    function deposit(uint256 amount) external {
        balances[msg.sender] += uint128(amount); // expect: unsafe-downcast@33:unchecked-downcast
        total += uint96(amount * 2); // expect: unsafe-downcast@18:unchecked-downcast
    }

    function shrink(uint128 value) external pure returns (uint64) {
        return uint64(value); // expect: unsafe-downcast@16:unchecked-downcast
    }
}
