// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Token {
    uint256 public constant SUPPLY = 1_000_000 * 10 ** 18; // expect: incorrect-exponent@38:xor-as-power
    uint8 public decimals = 6;

    function unit() external view returns (uint256) {
        return 10 ** decimals; // expect: incorrect-exponent@16:xor-as-power
    }

    function mask(uint256 bits) external pure returns (uint256) {
        return (2 ** bits) - 1; // expect: incorrect-exponent@17:xor-as-power
    }
}
