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
        uint256 valuesLength = values.length;
        for (uint256 i = 0; i < valuesLength; i++) { // expect: cache-array-length@33:length-in-loop
            total += values[i];
        }
    }

    function countOdd() external view returns (uint256 odd) {
        uint256 i;
        uint256 valuesLength = values.length;
        while (i < valuesLength) { // expect: cache-array-length@20:length-in-loop
            if (values[i] % 2 == 1) odd += 1;
            i++;
        }
    }
}
