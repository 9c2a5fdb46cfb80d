pragma solidity ^0.4.24;

contract Wallet {
    address internal owner; // expect: default-visibility@5:state-default-internal
    uint256 public limit;

    function Wallet() public {
        owner = msg.sender;
    }

    function initOwner(address o) public { // expect: default-visibility@14:function-default-public
        owner = o;
    }

    function _send(address to, uint256 amount) public // expect: default-visibility@14:function-default-public
        returns (bool)
    {
        return to.send(amount);
    }

    function () payable {}
}
