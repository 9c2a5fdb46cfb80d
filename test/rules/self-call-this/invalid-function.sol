// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Quotes {
    uint256 internal rate = 3;

    function quote(uint256 amount) public view returns (uint256) {
        return amount * rate;
    }

    function refresh() external returns (uint256) {
        rate += 1;
        return rate;
    }

    // A call to this contract's own function through an external call.
    function quoteTwice(uint256 amount) external view returns (uint256) {
        return this.quote(amount) * 2; // expect: self-call-this@16:external-self-call
    }

    // Not public: it cannot be called internally as it stands.
    function bump() external returns (uint256) {
        return this.refresh(); // expect: self-call-this@16:external-self-call
    }
}
