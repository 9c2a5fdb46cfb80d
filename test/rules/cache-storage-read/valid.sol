// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Counter {
    uint256 public count;
    uint256 public fee = 5;

    // Read once: nothing to cache.
    function price(uint256 amount) external view returns (uint256) {
        return amount * fee;
    }

    // Written between the reads: a cached copy would be stale.
    function bump() external returns (uint256) {
        uint256 before = count;
        count = before + 1;
        return count;
    }

    // A local with the same name shadows the state variable.
    function local() external pure returns (uint256) {
        uint256 fee = 2;
        return fee * fee;
    }
}

contract Measured {
    uint256 public fee = 5;

    // Both reads in one expression: the optimizer already loads the slot once (measured).
    function sameExpression(uint256 amount) external view returns (uint256) {
        return amount * fee + fee;
    }

    // One read on each path: caching would only add code.
    function branches(uint256 amount) external view returns (uint256) {
        return amount > 3 ? fee * 2 : fee + 1;
    }
}
