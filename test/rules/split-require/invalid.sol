// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Range {
    function inRange(uint256 x) external pure returns (uint256) {
        require(x < 100 && x != 50); // expect: split-require@9:joined-conditions
        return x;
    }

    function both(uint256 a, uint256 b, uint256 c) external pure returns (uint256) {
        require(a <= b && b <= c && c < 1000); // expect: split-require@9:joined-conditions
        return c - a;
    }
}
