// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Transfers {
    function check(address to) external pure returns (bool) {
        return to != address(0); // expect: asm-tricks@16:assembly-iszero
    }
}
