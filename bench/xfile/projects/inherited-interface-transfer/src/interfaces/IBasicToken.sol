// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IBasicToken {
    function transfer(address to, uint256 amount) external returns (bool);
    function balanceOf(address account) external view returns (uint256);
}
