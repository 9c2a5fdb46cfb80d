// SPDX-License-Identifier: MIT
pragma solidity ^0.5.17;

contract LedgerCore {
    uint256 internal feeBps;
    mapping(address => uint256) internal balances;

    function _charge(uint256 amount) internal view returns (uint256) {
        return (amount * feeBps) / 10000;
    }
}
