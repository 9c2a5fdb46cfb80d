pragma solidity ^0.4.24;

contract Vault {
    address public owner;

    // Written as a function, "constructor" is just a public function here.
    function Constructor() public { // expect: constructor-name@14:named-constructor
        owner = msg.sender;
    }

    function vault() public { // expect: constructor-name@14:case-mismatch
        owner = msg.sender;
    }
}
