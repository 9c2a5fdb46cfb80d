// expect: none
pragma solidity ^0.4.18;

contract Owned {
    address public owner;

    function Owned() public {
        owner = msg.sender;
    }

    // A capitalised function that does not claim ownership is not a constructor in disguise.
    function Reset() public {
        require(msg.sender == owner);
        owner = address(0);
    }
}

contract Token is Owned {
    uint256 public supply;

    function Token(uint256 s) public {
        supply = s;
    }

    function TakeOver() internal {
        owner = msg.sender;
    }
}
