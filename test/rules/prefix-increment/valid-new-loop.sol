// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.22;

// Since 0.8.22 the compiler generates the same code for i++ and ++i as a loop counter.
contract NewLoop {
    function loop() external pure returns (uint256 s) {
        for (uint256 i = 0; i < 10; i++) {
            s += i;
        }
    }
}
