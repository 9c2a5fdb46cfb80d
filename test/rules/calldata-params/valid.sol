// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Sorter {
    // The parameter is modified in place, so it must be in memory.
    function sorted(uint256[] memory xs) external pure returns (uint256[] memory) {
        for (uint256 i = 1; i < xs.length; i++) {
            uint256 v = xs[i];
            uint256 j = i;
            while (j > 0 && xs[j - 1] > v) {
                xs[j] = xs[j - 1];
                j--;
            }
            xs[j] = v;
        }
        return xs;
    }

    // Public functions may be called internally with memory arguments.
    function count(uint256[] memory xs) public pure returns (uint256) {
        return xs.length;
    }

    // Already calldata.
    function first(bytes calldata data) external pure returns (bytes1) {
        return data.length > 0 ? data[0] : bytes1(0);
    }
}
