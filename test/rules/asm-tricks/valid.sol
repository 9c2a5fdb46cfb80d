// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Transfers {
    function check(address to) external pure returns (bool isZero) {
        assembly {
            isZero := iszero(to)
        }
    }

    // Comparing two addresses is not a zero check.
    function same(address a, address b) external pure returns (bool) {
        return a == b;
    }
}
