// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Narrow {
    // A uint8 counter below a uint8 bound stays below 255: the check is wasted (no fix is offered
    // for a narrow counter; widen it first).
    function count(uint8 n) external pure returns (uint256 s) {
        for (uint8 i = 0; i < n; i++) s += i; // expect: unchecked-increment@34:checked-loop-increment
    }
}
