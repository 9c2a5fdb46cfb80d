// SPDX-License-Identifier: MIT
pragma solidity ^0.4.24;

contract Storage {
    uint256[] public items;
    address public owner;

    function resize(uint256 n) public {
        items.length = n; // expect: array-length-and-ref@9:length-from-parameter
    }

    function pop() public {
        // Always true: it does not stop the length from wrapping below zero.
        require(0 <= items.length);
        items.length--; // expect: array-length-and-ref@9:length-underflow
    }

    function drop() public {
        items.length -= 1; // expect: array-length-and-ref@9:length-underflow
    }

    function bump(uint256[] memory list) internal pure {
        list[0] = 1;
    }

    function update() public {
        bump(items); // expect: array-length-and-ref@14:storage-array-copied
    }
}
