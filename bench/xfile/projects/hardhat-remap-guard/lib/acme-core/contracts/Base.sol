// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

abstract contract OperatorBase {
    address public operator;
    bool public halted;

    constructor(address operator_) {
        operator = operator_;
    }

    modifier whenOperator() {
        require(msg.sender == operator, "operator only");
        _;
    }

    /// Checks the contract's state, not the caller.
    modifier whenLive() {
        require(!halted, "halted");
        _;
    }

    function halt() external whenOperator {
        halted = true;
    }
}
