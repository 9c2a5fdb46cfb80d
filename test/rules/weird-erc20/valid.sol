// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function approve(address spender, uint256 amount) external returns (bool);
    function balanceOf(address who) external view returns (uint256);
}

contract Pool {
    IERC20 public token;
    mapping(address => uint256) public deposits;

    // Crediting what actually arrived handles fee-on-transfer tokens.
    function deposit(uint256 amount) external {
        uint256 before = token.balanceOf(address(this));
        require(token.transferFrom(msg.sender, address(this), amount));
        deposits[msg.sender] += token.balanceOf(address(this)) - before;
    }

    // Resetting to zero first works with USDT.
    function allow(address router, uint256 amount) external {
        token.approve(router, 0);
        token.approve(router, amount);
    }

    function allowAll(address router) external {
        token.approve(router, type(uint256).max);
    }
}
