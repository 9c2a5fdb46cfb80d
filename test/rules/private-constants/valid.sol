// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Config {
    uint256 internal constant FEE_BPS = 30;
    uint256 private constant MAX = 100;
    // A public variable that is not constant is real state: its getter is the point.
    uint256 public total;

    function fee(uint256 amount) external pure returns (uint256) {
        return (amount * FEE_BPS) / MAX;
    }
}
