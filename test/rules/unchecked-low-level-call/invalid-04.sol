pragma solidity ^0.4.24;

contract OldWallet {
    address owner = msg.sender;

    function sendAll(address to) public {
        require(msg.sender == owner);
        to.call.value(this.balance)(); // expect: unchecked-low-level-call@9:unchecked-result
    }

    function exec(address lib, bytes data) public {
        require(msg.sender == owner);
        lib.delegatecall(data); // expect: unchecked-low-level-call@9:unchecked-result
    }
}

contract NeverCalled {
    function pay(address to, uint256 amount) public {
        to.call.value(amount); // expect: unchecked-low-level-call@9:call-never-invoked
    }
}
