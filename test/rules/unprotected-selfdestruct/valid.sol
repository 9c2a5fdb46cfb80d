// expect: none
pragma solidity ^0.4.24;

contract Owned {
    address owner;

    modifier onlyOwner() {
        if (msg.sender != owner) throw;
        _;
    }
}

contract Guarded is Owned {
    mapping(address => bool) admins;

    constructor() public {
        owner = msg.sender;
    }

    function kill() public onlyOwner {
        selfdestruct(owner);
    }

    function close() public {
        require(msg.sender == owner);
        selfdestruct(owner);
    }

    function adminClose() public {
        if (admins[msg.sender]) {
            suicide(owner);
        }
    }

    // Internal and only reached from a guarded entry point.
    function shutdown() internal {
        selfdestruct(owner);
    }

    function retire() public onlyOwner {
        shutdown();
    }
}
