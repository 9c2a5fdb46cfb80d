// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface ISettlementHook {
    function onSettle(address account, uint256 value) external;
}
