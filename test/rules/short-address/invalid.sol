pragma solidity ^0.4.24;

contract MyToken {
    mapping(address => uint256) balances;

    function sendCoin(address to, uint256 amount) public returns (bool) { // expect: short-address@23:short-address-transfer
        if (balances[msg.sender] < amount) return false;
        balances[msg.sender] -= amount;
        balances[to] += amount;
        return true;
    }
}
