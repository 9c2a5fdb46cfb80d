// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IPool {
    function swap(address recipient, bool zeroForOne, int256 amountSpecified) external returns (int256 amount0, int256 amount1);
}
