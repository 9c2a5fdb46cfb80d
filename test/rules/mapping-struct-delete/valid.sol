// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Groups {
    struct Group {
        address admin;
        mapping(address => bool) members;
    }
    struct Point {
        uint256 x;
        uint256 y;
    }

    mapping(uint256 => Group) internal groups;
    mapping(uint256 => Point) public points;

    // Deleting a struct without mappings, or a single field, clears everything it holds.
    function remove(uint256 id, address member) external {
        delete points[id];
        delete groups[id].members[member];
        delete groups[id].admin;
    }
}
