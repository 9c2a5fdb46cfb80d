// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Disburser} from "./base/Disburser.sol";

contract Splitter is Disburser {
    address payable[] public payees;
    address public immutable manager;

    constructor(address payable[] memory payees_) {
        payees = payees_;
        manager = msg.sender;
    }

    receive() external payable {}

    function distribute() external {
        uint256 each = address(this).balance / payees.length;
        for (uint256 i = 0; i < payees.length; i++) {
            _disburse(payees[i], each);
        }
    }

    function accrue() external {
        uint256 each = address(this).balance / payees.length;
        for (uint256 i = 0; i < payees.length; i++) {
            _credit(payees[i], each);
        }
    }

    function withdraw() external {
        uint256 amount = owedTo[msg.sender];
        owedTo[msg.sender] = 0;
        payable(msg.sender).transfer(amount);
    }
}
