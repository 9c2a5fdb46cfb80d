// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Counter {
    uint256 public count;

    function bump() external {
        ++count; // expect: prefix-increment@9:postfix
    }

    function bumpAgain() external {
        ++count; // expect: prefix-increment@9:add-one
    }

    function loop() external pure returns (uint256 s) {
        for (uint256 i = 0; i < 10; ++i) { // expect: prefix-increment@37:postfix
            s += i;
        }
        uint256 j = 5;
        while (j > 0) {
            --j; // expect: prefix-increment@13:postfix
        }
    }
}
