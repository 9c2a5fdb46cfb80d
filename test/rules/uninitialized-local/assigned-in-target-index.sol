// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// The index of an assignment's target is evaluated too: `out[k++] = i` assigns `k`, and
// `out[j] = 1` reads `j`.
contract Collect {
    function evens(uint256 n) external pure returns (uint256[] memory out) {
        out = new uint256[](n);
        uint256 k;
        for (uint256 i; k != n; ++i) {
            if (i % 2 == 0) out[k++] = i;
        }
    }

    function evensUnchecked(uint256 n) external pure returns (uint256[] memory out) {
        unchecked {
            out = new uint256[](n);
            uint256 k;
            for (uint256 i; k != n; ++i) {
                if (i % 2 == 0) out[k++] = i;
            }
        }
    }

    function first(uint256 n) external pure returns (uint256[] memory out) {
        out = new uint256[](n + 1);
        uint256 j; // expect: uninitialized-local@9:never-assigned
        out[j] = 1;
    }
}
