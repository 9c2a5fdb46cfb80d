// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Guard {
    bool private locked; // expect: bool-storage
    mapping(uint256 => bool) public claimed; // expect: bool-storage

    function run() external {
        require(!locked);
        locked = true;
        claimed[1] = true;
        locked = false;
    }
}
