pragma solidity ^0.4.24;

/// A token in the style of 2017, for trying Synor on old compilers. Do not deploy.
contract OldToken {
    mapping(address => uint256) balances;
    address owner;

    function OldToken() public {
        owner = msg.sender;
        balances[msg.sender] = 1000000;
    }

    // Arithmetic before 0.8 wraps around silently.
    function transfer(address to, uint256 value) public {
        require(balances[msg.sender] - value >= 0);
        balances[msg.sender] -= value;
        balances[to] += value;
    }

    // The result of send is ignored.
    function refund(address to, uint256 value) public {
        to.send(value);
    }

    function kill() public {
        if (msg.sender != owner) throw;
        suicide(owner);
    }
}
