// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Game {
    function guess(uint256 n) external pure returns (bool) {
        return n == 7 /*‮ secret yrev */; // expect: rtlo@25:bidi-character
    }

    string public note = "pay ‮dlrow"; // expect: rtlo@31:bidi-character
}
