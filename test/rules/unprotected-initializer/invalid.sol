pragma solidity ^0.4.24;

contract Wallet {
    address public owner;
    uint256 public limit;

    function initialize(address _owner, uint256 _limit) public { // expect: unprotected-ownership
        owner = _owner;
        limit = _limit;
    }

    function kill() public {
        require(msg.sender == owner);
        selfdestruct(owner);
    }
}

contract Library {
    address public owner;
    bool initialized;

    // Guarded once, but the library is never initialised at deployment and can self-destruct.
    function initWallet(address _owner) public { // expect: unprotected-initializer@14:open-initializer
        require(!initialized);
        initialized = true;
        owner = _owner;
    }

    function kill() public {
        require(msg.sender == owner);
        selfdestruct(owner);
    }
}
