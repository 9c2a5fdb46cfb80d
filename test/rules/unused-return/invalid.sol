// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IRouter {
    function swap(uint256 amountIn, uint256 minOut) external returns (uint256 amountOut);
    function approve(address spender, uint256 amount) external returns (bool);
    function settle(uint256 id) external returns (bool);
}

contract Trader {
    IRouter public immutable router;

    constructor(IRouter r) {
        router = r;
    }

    function trade(uint256 amount) external {
        router.approve(address(router), amount); // expect: unused-return@9:ignored-approval
        router.swap(amount, 0); // expect: unused-return@9:ignored-result
        router.settle(amount); // expect: unused-return@9:ignored-success-flag
    }
}
