// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Owned {
    address public owner;
    uint256 public constant FEE = 3;
    uint256[] public history;
    string public label;

    constructor() {
        owner = msg.sender;
        history.push(1);
        label = "owned";
    }

    // Written outside the constructor, so it cannot be immutable.
    function transferOwnership(address next) external {
        require(msg.sender == owner);
        owner = next;
    }
}

contract Child {
    uint256 public base;

    constructor(uint256 b) {
        // Assigned in a branch: not allowed for immutables before 0.8.21.
        if (b > 0) {
            base = b;
        }
    }
}
