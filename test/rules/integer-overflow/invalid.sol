pragma solidity ^0.4.24;

contract Token {
    mapping(address => uint256) public balanceOf;
    uint256 public totalSupply;

    function transfer(address to, uint256 value) public {
        require(balanceOf[msg.sender] >= value);
        balanceOf[msg.sender] -= value;
        balanceOf[to] += value; // expect: integer-overflow@9:unchecked-compiler
    }

    function burn(uint256 value) public {
        require(balanceOf[msg.sender] - value >= 0); // expect: integer-overflow@17:unchecked-compiler
        balanceOf[msg.sender] -= value;
    }

    function batch(uint256 count, uint256 value) public {
        uint256 amount = count * value; // expect: integer-overflow@26:unchecked-compiler
        require(balanceOf[msg.sender] >= amount);
        balanceOf[msg.sender] -= amount;
    }
}
