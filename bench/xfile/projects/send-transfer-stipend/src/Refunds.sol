// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {StipendPayer} from "./base/StipendPayer.sol";

contract Refunds is StipendPayer {
    mapping(address => uint256) public owed;

    function deposit() external payable {
        owed[msg.sender] += msg.value;
    }

    function refund() external {
        uint256 amount = owed[msg.sender];
        _payWithStipend(msg.sender, amount);
        owed[msg.sender] = 0;
    }

    function refundBySend() external {
        uint256 amount = owed[msg.sender];
        require(_trySendStipend(msg.sender, amount), "send failed");
        owed[msg.sender] = 0;
    }

    function refundAll() external {
        uint256 amount = owed[msg.sender];
        _payWithAllGas(msg.sender, amount);
        owed[msg.sender] = 0;
    }
}
