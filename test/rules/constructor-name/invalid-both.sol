pragma solidity ^0.4.22;

contract Both {
    address public owner;

    constructor() public {
        owner = msg.sender;
    }

    function Both() public { // expect: constructor-name@14:two-constructors
        owner = address(0);
    }
}
