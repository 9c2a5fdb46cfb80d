// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IAccrualSink {
    function record(uint256 index) external;
}
