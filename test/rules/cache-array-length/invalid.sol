// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Totals {
    uint256[] public values;

    constructor() {
        values.push(3);
        values.push(5);
        values.push(7);
    }

    function sum() external view returns (uint256 total) {
        for (uint256 i = 0; i < values.length; i++) { // expect: cache-array-length@33:length-in-loop
            total += values[i];
        }
    }

    function countOdd() external view returns (uint256 odd) {
        uint256 i;
        while (i < values.length) { // expect: cache-array-length@20:length-in-loop
            if (values[i] % 2 == 1) odd += 1;
            i++;
        }
    }
}
