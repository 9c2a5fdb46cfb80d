// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Ids {
    uint256 public nextId;
    uint256[] public slots;

    // The old value is used, so the postfix form is what the code means.
    function take() external returns (uint256 id) {
        id = nextId++;
    }

    function fill() external {
        uint256 i;
        slots.push(i++);
        slots.push(++i);
    }

    // Adding two is not an increment.
    function skip() external {
        nextId += 2;
    }
}
