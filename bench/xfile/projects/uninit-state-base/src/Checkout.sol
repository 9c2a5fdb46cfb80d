// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {FeeSettings} from "./base/FeeSettings.sol";

contract Checkout is FeeSettings {
    mapping(address => uint256) public paidBy;

    constructor(address payable treasury_, uint256 feeBps_) {
        treasury = treasury_;
        feeBps = feeBps_;
    }

    function pay() external payable {
        uint256 fee = _feeOf(msg.value);
        paidBy[msg.sender] += msg.value - fee;
        _splitFee(fee);
        emit Paid(msg.sender, msg.value, fee);
    }
}
