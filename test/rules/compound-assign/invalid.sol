// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Tally {
    uint256 public total = 1;
    uint256[] public buckets;

    constructor() {
        buckets.push(1);
        buckets.push(2);
    }

    function add() external {
        total += 5; // expect: compound-assign@9:costlier-compound
        buckets[1] = buckets[1] + 7; // expect: compound-assign@9:indexed-twice
    }
}
