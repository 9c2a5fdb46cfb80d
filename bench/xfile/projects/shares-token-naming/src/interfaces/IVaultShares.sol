// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IVaultShares {
    function transfer(address to, uint256 shares) external returns (bool);
    function transferFrom(address from, address to, uint256 shares) external returns (bool);
    function balanceOf(address account) external view returns (uint256);
}
