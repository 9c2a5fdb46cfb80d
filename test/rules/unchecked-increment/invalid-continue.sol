// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Skips {
    // Reported, but without a fix: `continue` jumps to the loop step, which a moved increment would miss.
    function odd() external pure returns (uint256 s) {
        for (uint256 i = 0; i < 10; i++) { // expect: unchecked-increment@37:checked-loop-increment
            if (i % 2 == 0) continue;
            s += i;
        }
    }
}
