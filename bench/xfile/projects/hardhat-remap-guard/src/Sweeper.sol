// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import "@acme/core/contracts/Base.sol";

contract Sweeper is OperatorBase {
    constructor() OperatorBase(msg.sender) {}

    receive() external payable {}

    function sweep(address payable to) external whenOperator {
        to.transfer(address(this).balance);
    }

    function setOperator(address next) external whenOperator {
        operator = next;
    }

    function rescue(address payable to, uint256 amount) external {
        to.transfer(amount);
    }

    function payout(address payable to, uint256 amount) external whenLive {
        to.transfer(amount);
    }

    function claimOperator() external whenLive {
        operator = msg.sender;
    }
}
