// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IExchange {
    function sell(address tokenIn, uint256 amountIn, uint256 minOut) external returns (uint256 amountOut);
    function sync() external;
}
