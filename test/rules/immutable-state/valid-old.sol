// expect: none
// SPDX-License-Identifier: MIT
pragma solidity >=0.5.0 <0.6.5;

// immutable arrived in solc 0.6.5; no compiler this pragma allows has it.
contract Old {
    address public owner;

    constructor() public {
        owner = msg.sender;
    }
}
