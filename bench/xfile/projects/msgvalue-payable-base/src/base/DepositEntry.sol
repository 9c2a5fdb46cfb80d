// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// The payable entry points live here; what a deposit does is left to the derived contract.
abstract contract DepositEntry {
    mapping(address => uint256) public balanceOf;

    function deposit() external payable {
        _onDeposit(msg.sender);
    }

    receive() external payable {
        _onDeposit(msg.sender);
    }

    function _onDeposit(address who) internal virtual;

    function _tipOf() internal view returns (uint256) {
        return msg.value / 100;
    }
}
