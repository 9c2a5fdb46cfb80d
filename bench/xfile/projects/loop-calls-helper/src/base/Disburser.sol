// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

abstract contract Disburser {
    mapping(address => uint256) public owedTo;

    function _disburse(address payable to, uint256 amount) internal {
        to.transfer(amount);
    }

    function _credit(address to, uint256 amount) internal {
        owedTo[to] += amount;
    }
}
