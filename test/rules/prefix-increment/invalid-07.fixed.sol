// SPDX-License-Identifier: MIT
pragma solidity 0.7.6;

contract Old {
    uint256 public hits;

    function hit() external {
        ++hits; // expect: prefix-increment@9:postfix
    }
}
