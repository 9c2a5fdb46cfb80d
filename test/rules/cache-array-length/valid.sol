// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Queue {
    uint256[] public items;
    uint256[4] public fixedItems;

    constructor() {
        items.push(1);
        items.push(2);
    }

    // The length of a memory array is read from memory: nothing to cache.
    function sumMemory(uint256[] memory xs) external pure returns (uint256 total) {
        for (uint256 i = 0; i < xs.length; i++) total += xs[i];
    }

    // The loop pops from the array, so its length changes and must be re-read.
    function drain() external {
        while (items.length > 0) {
            items.pop();
        }
    }

    // A fixed-size array's length is a constant.
    function sumFixed() external view returns (uint256 total) {
        for (uint256 i = 0; i < fixedItems.length; i++) total += fixedItems[i];
    }

    // A local that shadows nothing: already cached.
    function sumCached() external view returns (uint256 total) {
        uint256 n = items.length;
        for (uint256 i = 0; i < n; i++) total += items[i];
    }
}
