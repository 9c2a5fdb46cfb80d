// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// 0.8 checks arithmetic, except inside unchecked: there nothing bounds these.
contract Points {
    mapping(address => uint256) public points;

    function award(address to, uint256 amount) external {
        unchecked {
            points[to] += amount; // expect: integer-overflow@13:unchecked-block
        }
    }

    function spend(uint256 amount) external {
        unchecked {
            points[msg.sender] = points[msg.sender] - amount; // expect: integer-overflow@34:unchecked-block
        }
    }
}
