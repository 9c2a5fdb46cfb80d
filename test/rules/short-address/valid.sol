// expect: none
pragma solidity ^0.4.24;

contract MyToken {
    mapping(address => uint256) balances;

    modifier onlyPayloadSize(uint256 size) {
        require(msg.data.length >= size + 4);
        _;
    }

    function sendCoin(address to, uint256 amount) public onlyPayloadSize(2 * 32) returns (bool) {
        require(balances[msg.sender] >= amount);
        balances[msg.sender] -= amount;
        balances[to] += amount;
        return true;
    }
}
