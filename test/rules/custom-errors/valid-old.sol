// expect: none
// SPDX-License-Identifier: MIT
pragma solidity 0.7.6;

// Custom errors need solc 0.8.4; strings are the only option here.
contract Old {
    function check(uint256 x) external pure returns (uint256) {
        require(x > 1, "too small");
        return x;
    }
}
