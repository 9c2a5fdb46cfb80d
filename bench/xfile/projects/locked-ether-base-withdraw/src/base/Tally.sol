// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

abstract contract Tally {
    mapping(address => uint256) public given;
    uint256 public total;

    function _tally(address who, uint256 amount) internal {
        given[who] += amount;
        total += amount;
    }
}
