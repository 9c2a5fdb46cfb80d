// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

import "./libraries/CheckedMath.sol";

contract Points {
    using CheckedMath for uint256;

    mapping(address => uint256) public pointsOf;
    uint256 public issued;
    address public immutable issuer;

    constructor() public {
        issuer = msg.sender;
    }

    function issue(address to, uint256 amount) external {
        require(msg.sender == issuer, "issuer only");
        pointsOf[to] = pointsOf[to].plus(amount);
        issued = issued.plus(amount);
    }

    function spend(uint256 amount) external {
        pointsOf[msg.sender] = pointsOf[msg.sender].minus(amount);
    }

    function gift(address to, uint256 amount) external {
        pointsOf[msg.sender] = pointsOf[msg.sender].minus(amount);
        pointsOf[to] = pointsOf[to].plus(amount);
    }

    function burnFrom(address from, uint256 amount) external {
        require(msg.sender == issuer, "issuer only");
        pointsOf[from] -= amount;
    }
}
