// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Flags {
    bool public paused;

    function same(bool a, bool b) external pure returns (bool) {
        // Comparing two boolean values is a real comparison.
        return a == b;
    }

    function active() external view returns (bool) {
        return !paused;
    }
}
