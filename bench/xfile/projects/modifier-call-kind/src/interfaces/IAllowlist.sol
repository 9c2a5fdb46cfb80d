// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IAllowlist {
    function isAllowed(address account) external view returns (bool);
    function consume(address account) external returns (bool);
}
