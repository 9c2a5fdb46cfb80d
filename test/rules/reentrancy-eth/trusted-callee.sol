// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IInbox {
    function deposit(address to, bytes calldata data) external payable;
}

library Addresses {
    address internal constant INBOX = 0x4200000000000000000000000000000000000016;
}

// ETH paid into a contract the source fixes (a constant address, an address set once
// by the initializer or constructor) before a nonce is bumped: the callee is not one the
// caller picks. Paying the caller-chosen `to` is still a hand-over of control.
contract Messenger {
    IInbox public inbox;
    IInbox public immutable fixedInbox;
    uint256 public nonce;
    bool private initialized;
    address private immutable deployer;

    constructor(IInbox f) {
        fixedInbox = f;
        deployer = msg.sender;
    }

    function initialize(IInbox i) external {
        require(!initialized && msg.sender == deployer, "init");
        initialized = true;
        inbox = i;
    }

    function sendViaConstant(address to, bytes calldata data) external payable {
        IInbox(payable(Addresses.INBOX)).deposit{value: msg.value}(to, data); // expect: reentrancy-eth@9:eth-to-trusted-callee
        nonce++;
    }

    function sendViaStored(address to, bytes calldata data) external payable {
        inbox.deposit{value: msg.value}(to, data); // expect: reentrancy-eth@9:eth-to-trusted-callee
        nonce++;
    }

    function sendViaImmutable(address to, bytes calldata data) external payable {
        fixedInbox.deposit{value: msg.value}(to, data); // expect: reentrancy-eth@9:eth-to-trusted-callee
        nonce++;
    }

    function sendDirect(address to) external payable {
        (bool ok, ) = to.call{value: msg.value}(abi.encode(nonce)); // expect: reentrancy-eth@23:state-after-eth
        require(ok, "send");
        nonce++;
    }
}
