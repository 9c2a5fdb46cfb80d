// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Bits {
    uint256 public constant SUPPLY = 1_000_000 * 10 ** 18;

    // XOR of hashes, masks and a Newton seed such as (3 * d) ^ 2 is meant.
    function mix(bytes32 a, bytes32 b) external pure returns (bytes32) {
        return a ^ b;
    }

    function flip(uint256 x) external pure returns (uint256) {
        return 0xff ^ x;
    }

    function seed(uint256 d) external pure returns (uint256) {
        return (3 * d) ^ 2;
    }
}
