// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Crowd {
    address public owner = msg.sender;
    address[] public creditors;

    // Only the owner can grow the list, so its length is under control.
    function add(address who) external {
        require(msg.sender == owner, "not owner");
        creditors.push(who);
    }

    function count() external view returns (uint256 n) {
        for (uint256 i = 0; i < creditors.length; i++) {
            if (creditors[i] != address(0)) n++;
        }
    }
}
