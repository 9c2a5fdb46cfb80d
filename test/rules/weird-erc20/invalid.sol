// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function approve(address spender, uint256 amount) external returns (bool);
}

contract Pool {
    IERC20 public token;
    mapping(address => uint256) public deposits;

    function deposit(uint256 amount) external {
        require(token.transferFrom(msg.sender, address(this), amount)); // expect: weird-erc20@17:fee-on-transfer
        deposits[msg.sender] += amount;
    }

    function allow(address router, uint256 amount) external {
        token.approve(router, amount); // expect: weird-erc20@9:approve-nonzero
    }
}
