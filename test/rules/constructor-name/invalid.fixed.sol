pragma solidity ^0.4.18;

contract Missing {
    address private owner;

    function Missing() public { // expect: constructor-name@14:case-mismatch
        owner = msg.sender;
    }

    function withdraw() public {
        require(msg.sender == owner);
        owner.transfer(this.balance);
    }
}

contract DynamicPyramid {
    address private creator;

    function DynamicPyramid() public { // expect: constructor-name@14:renamed-contract
        creator = msg.sender;
    }
}
