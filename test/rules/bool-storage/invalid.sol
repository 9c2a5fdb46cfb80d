// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Guard {
    bool private locked; // expect: bool-storage@18:set-and-cleared
    mapping(uint256 => bool) public claimed; // expect: bool-storage@37:bool-mapping

    function run() external {
        require(!locked);
        locked = true;
        claimed[1] = true;
        locked = false;
    }
}
