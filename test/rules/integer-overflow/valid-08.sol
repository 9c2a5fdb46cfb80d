// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// 0.8 checks arithmetic; unchecked blocks bounded by a comparison are fine too.
contract Counter {
    uint256 public total;

    function add(uint256 v) external {
        total += v;
    }

    function sub(uint256 v) external {
        require(v <= total, "too much");
        unchecked {
            total -= v;
        }
    }
}
