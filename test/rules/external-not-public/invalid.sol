// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Stats {
    uint256 public count;

    function sum(uint256[] memory xs) public pure returns (uint256 total) { // expect: external-not-public@5:could-be-external
        for (uint256 i = 0; i < xs.length; ++i) total += xs[i];
    }

    function tag(string memory label) public pure returns (uint256) { // expect: external-not-public@5:could-be-external
        return bytes(label).length;
    }
}
