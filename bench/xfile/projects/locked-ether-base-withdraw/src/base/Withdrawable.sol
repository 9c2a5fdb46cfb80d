// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

abstract contract Withdrawable {
    address payable public immutable beneficiary;

    constructor(address payable beneficiary_) {
        beneficiary = beneficiary_;
    }

    function release() external {
        beneficiary.transfer(address(this).balance);
    }
}
