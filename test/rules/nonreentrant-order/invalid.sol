// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

contract Market is ReentrancyGuard {
    mapping(address => bool) public listed;

    modifier onlyListed(address token) {
        require(listed[token], "not listed");
        _;
    }

    function buy(address token) external onlyListed(token) nonReentrant { // expect: nonreentrant-order@60:guard-not-first
        listed[token] = false;
    }
}
