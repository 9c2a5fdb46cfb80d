pragma solidity ^0.4.24;

contract OldWallet {
    address owner = msg.sender;

    function sendAll(address to) public {
        require(msg.sender == owner);
        to.call.value(this.balance)(); // expect: unchecked-low-level-call
    }

    function exec(address lib, bytes data) public {
        require(msg.sender == owner);
        lib.delegatecall(data); // expect: unchecked-low-level-call
    }
}
