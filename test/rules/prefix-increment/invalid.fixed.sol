// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Counter {
    uint256 public count;

    function bump() external {
        ++count; // expect: prefix-increment
    }

    function bumpAgain() external {
        ++count; // expect: prefix-increment
    }

    function loop() external pure returns (uint256 s) {
        for (uint256 i = 0; i < 10; ++i) { // expect: prefix-increment
            s += i;
        }
        uint256 j = 5;
        while (j > 0) {
            --j; // expect: prefix-increment
        }
    }
}
