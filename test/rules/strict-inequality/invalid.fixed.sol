// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Limits {
    uint256 public count = 3;

    function enough() external view returns (bool) {
        return count > 1; // expect: strict-inequality@16:non-strict-compare
    }

    function small(uint8 x) external pure returns (bool) {
        return x < 201; // expect: strict-inequality@16:non-strict-compare
    }

    function withinTen(uint256 x) external pure returns (bool) {
        return x < 11; // expect: strict-inequality@16:non-strict-compare
    }
}
