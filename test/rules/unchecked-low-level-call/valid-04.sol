// expect: none
pragma solidity ^0.4.24;

contract OldChecked {
    function a(address to) public {
        if (!to.call.value(1 ether)()) throw;
    }

    function b(address to) public {
        require(to.call(bytes4(keccak256("f()"))));
    }

    function c(address to) public returns (bool) {
        return to.delegatecall(msg.data);
    }
}
