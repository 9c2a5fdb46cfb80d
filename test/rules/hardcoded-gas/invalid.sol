pragma solidity ^0.4.24;

contract Notifier {
    function notifyOld(address to) public {
        require(to.call.gas(2300)()); // expect: hardcoded-gas@17:fixed-gas
    }
}
