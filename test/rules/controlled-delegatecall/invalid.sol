pragma solidity ^0.4.24;

contract Forwarder {
    address owner;
    address public implementation;

    constructor() public {
        owner = msg.sender;
    }

    function forward(address callee, bytes data) public {
        require(callee.delegatecall(data)); // expect: controlled-delegatecall@17:controlled-target
    }

    // Anyone may change the implementation, so the fallback delegates to whatever they chose.
    function upgrade(address next) public {
        implementation = next;
    }

    function() public payable {
        require(implementation.delegatecall(msg.data)); // expect: controlled-delegatecall@17:controlled-target
    }

    function viaLocal(address callee) public {
        address target = callee;
        target.callcode(msg.data); // expect: controlled-delegatecall@9:controlled-target
    }
}
