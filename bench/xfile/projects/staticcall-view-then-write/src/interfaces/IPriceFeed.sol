// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IPriceFeed {
    function latest() external view returns (uint256 price, uint64 updatedAt);
    function decimals() external pure returns (uint8);
}
