// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// An early token whose transfer reverts on failure and returns nothing.
interface ILegacyToken {
    function transfer(address to, uint256 amount) external;
}
