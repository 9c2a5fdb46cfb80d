pragma solidity ^0.4.24;

contract Wallet {
    address owner;

    function Wallet() public {
        owner = msg.sender;
    }

    modifier onlyOwner() {
        require(msg.sender == owner);
        _;
    }

    function changeOwner(address next) public { // expect: unprotected-ownership@14:open-role-write
        owner = next;
    }

    function withdraw() public onlyOwner {
        owner.transfer(this.balance);
    }
}

contract Missing {
    address owner;

    // Meant as the constructor, but the name's case differs from the contract's.
    function missing() public { // expect: unprotected-ownership@14:open-role-write
        owner = msg.sender;
    }

    function withdraw() public {
        require(msg.sender == owner);
        owner.transfer(this.balance);
    }
}
