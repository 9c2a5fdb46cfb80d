// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Tally {
    uint256 public total = 1;
    uint256[] public buckets;
    mapping(uint256 => uint256) public byKey;

    constructor() {
        buckets.push(1);
    }

    function add(uint256 x) external returns (uint256 local) {
        total = total + 5;
        buckets[0] += 7;
        // Mapping entries measure about even either way.
        byKey[1] = byKey[1] + 1;
        // Locals compile the same either way.
        local += x;
        // Increments by one are prefix-increment's business.
        total += 1;
    }
}
