// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IInbox {
    function deposit(address to, bytes calldata data) external payable;
}

/// The inbox is set by a one-shot initializer. When the constructor runs it, the deployer
/// chose the inbox before anyone else could call: paying it before the nonce is bumped needs
/// that chosen contract to call back. When the initializer is left for whoever calls first,
/// the caller may pick the inbox and re-enter through it.
contract InitialisedMessenger {
    IInbox public inbox;
    uint256 public nonce;
    bool private initialized;

    constructor(IInbox i) {
        initialize(i);
    }

    function initialize(IInbox i) public {
        require(!initialized, "initialized");
        initialized = true;
        inbox = i;
    }

    function send(address to, bytes calldata data) external payable {
        inbox.deposit{value: msg.value}(to, data); // expect: reentrancy-eth@9:eth-to-trusted-callee
        nonce++;
    }
}

contract OpenMessenger {
    IInbox public inbox;
    uint256 public nonce;
    bool private initialized;

    function initialize(IInbox i) public {
        require(!initialized, "initialized");
        initialized = true;
        inbox = i;
    }

    function send(address to, bytes calldata data) external payable {
        // The message carries the nonce read before the call; a re-entry sends another with the same one.
        inbox.deposit{value: msg.value}(to, abi.encode(nonce, data)); // expect: reentrancy-eth@9:state-after-eth
        nonce++;
    }
}
