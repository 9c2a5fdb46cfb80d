// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Wallet {
    // No guard: the check is what keeps this from wrapping.
    function unguarded(uint256 a, uint256 b) external pure returns (uint256) {
        return a - b;
    }

    // Signed values: a >= b does not rule out overflow (type(int256).max - (-1)).
    function signedGap(int256 a, int256 b) external pure returns (int256) {
        require(a >= b);
        return a - b;
    }

    // The guard compares other values.
    function other(uint256 a, uint256 b, uint256 c) external pure returns (uint256) {
        require(a >= c);
        return a - b;
    }
}
