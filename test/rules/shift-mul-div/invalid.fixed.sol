// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Halves {
    uint256 public total = 1000;

    function half() external view returns (uint256) {
        return (total >> 1); // expect: shift-mul-div@16:power-of-two
    }

    function sixteenth(uint256 x) external pure returns (uint256) {
        return (x >> 4); // expect: shift-mul-div@16:power-of-two
    }

    function double(uint256 x) external pure returns (uint256) {
        return (x << 1); // expect: shift-mul-div@16:power-of-two
    }
}
