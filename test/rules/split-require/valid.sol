// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Range {
    function either(uint256 x) external pure returns (uint256) {
        // `||` cannot be split into two requires.
        require(x < 10 || x > 20);
        return x;
    }

    function split(uint256 x) external pure returns (uint256) {
        require(x < 100);
        require(x != 50);
        return x;
    }
}
