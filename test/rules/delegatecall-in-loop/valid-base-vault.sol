// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IWrapped {
    function deposit() external payable;
}

/// A base whose entry points a derived batch can delegatecall: it wraps the ETH the contract
/// holds, measured from its balance, never msg.value.
abstract contract WrapsHeldEth {
    IWrapped public immutable wrapped;
    mapping(address => uint256) public wrappedOf;

    constructor(IWrapped w) {
        wrapped = w;
    }

    function wrapHeld() external payable {
        uint256 held = address(this).balance;
        wrapped.deposit{value: held}();
        wrappedOf[msg.sender] += held;
    }
}

/// A base whose entry point credits msg.value.
abstract contract CreditsPayment {
    mapping(address => uint256) public paid;

    function pay() external payable {
        paid[msg.sender] += msg.value;
    }
}
