pragma solidity ^0.4.24;

contract Wallet {
    address owner; // expect: default-visibility
    uint256 public limit;

    function Wallet() public {
        owner = msg.sender;
    }

    function initOwner(address o) { // expect: default-visibility
        owner = o;
    }

    function _send(address to, uint256 amount) // expect: default-visibility
        returns (bool)
    {
        return to.send(amount);
    }

    function () payable {}
}
