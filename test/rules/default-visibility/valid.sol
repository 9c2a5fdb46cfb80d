// expect: none
pragma solidity ^0.4.24;

interface IWallet {
    function deposit() payable;
}

contract Wallet {
    address internal owner;
    uint256 constant LIMIT = 10;

    function initOwner(address o) internal {
        owner = o;
    }

    function deposit() public payable {
        initOwner(msg.sender);
    }
}
