// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.4.24;

contract Storage {
    struct Plan { uint256 length; }
    uint256[] public items;
    Plan internal plan;

    // Shrinking a non-empty array is how old code popped elements.
    function pop() public {
        require(items.length > 0);
        items.length--;
    }

    function popTwo() public {
        if (items.length >= 2) items.length = items.length - 2;
        items.length = 0;
    }

    // A struct field named length is not the array builtin.
    function setPlan(uint256 n) public {
        plan.length = n;
    }

    // A storage parameter shares the array, so the write lands.
    function bump(uint256[] storage list) internal {
        list[0] = 1;
    }

    function sum(uint256[] memory list) internal pure returns (uint256 s) {
        for (uint256 i = 0; i < list.length; i++) s += list[i];
    }

    function update() public returns (uint256) {
        bump(items);
        return sum(items);
    }
}
