// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// A stablecoin whose transfer functions revert on failure and return nothing.
interface IStableLegacy {
    function transfer(address to, uint256 value) external;
    function transferFrom(address from, address to, uint256 value) external;
}
