// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

interface IToken {
    function transfer(address to, uint256 amount) external returns (bool);
}

contract Vault is ReentrancyGuard {
    IToken public immutable token;
    mapping(address => uint256) public shares;

    constructor(IToken t) {
        token = t;
    }

    function redeem() external {
        uint256 s = shares[msg.sender];
        shares[msg.sender] = 0;
        require(token.transfer(msg.sender, s), "transfer failed");
    }

    function redeemGuarded() external nonReentrant {
        uint256 s = shares[msg.sender];
        require(token.transfer(msg.sender, s), "transfer failed");
        shares[msg.sender] = 0;
    }
}
