// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Groups {
    struct Group {
        address admin;
        mapping(address => bool) members;
    }
    struct Wrapper {
        uint256 id;
        Group group;
    }

    mapping(uint256 => Group) public groups;
    Wrapper internal wrapped;

    function remove(uint256 id) external {
        delete groups[id]; // expect: mapping-struct-delete@9:mapping-survives-delete
    }

    function reset() external {
        delete wrapped; // expect: mapping-struct-delete@9:mapping-survives-delete
    }
}
