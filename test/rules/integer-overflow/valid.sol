// expect: none
pragma solidity ^0.4.24;

library SafeMath {
    function add(uint256 a, uint256 b) internal pure returns (uint256) {
        uint256 c = a + b;
        assert(c >= a);
        return c;
    }

    function sub(uint256 a, uint256 b) internal pure returns (uint256) {
        assert(b <= a);
        return a - b;
    }
}

contract Token {
    using SafeMath for uint256;
    mapping(address => uint256) public balanceOf;
    uint256 constant PRICE = 1 ether;

    function transfer(address to, uint256 value) public {
        balanceOf[msg.sender] = balanceOf[msg.sender].sub(value);
        balanceOf[to] = balanceOf[to].add(value);
    }

    function spend(uint256 value) public {
        require(value <= balanceOf[msg.sender]);
        balanceOf[msg.sender] -= value;
    }

    function deposit(uint256 value) public {
        require(balanceOf[msg.sender] + value >= balanceOf[msg.sender]);
        balanceOf[msg.sender] += value;
    }

    function loop(uint256 n) public pure returns (uint256 total) {
        for (uint256 i = 0; i < n; i++) {
            total = total.add(i);
        }
        return PRICE * 2;
    }
}
