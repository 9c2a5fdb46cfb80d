// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Donations {
    address payable public immutable beneficiary;
    mapping(address => uint256) public given;

    constructor(address payable b) {
        beneficiary = b;
    }

    function donate() external payable {
        given[msg.sender] += msg.value;
    }

    function release() external {
        beneficiary.transfer(address(this).balance);
    }
}

// Accepts nothing: no payable function, nothing to lock.
contract Counter {
    uint256 public n;

    function inc() external {
        n += 1;
    }
}
