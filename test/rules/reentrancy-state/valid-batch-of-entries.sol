// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IToken {
    function transfer(address to, uint256 amount) external returns (bool);
}

/// Each withdrawal settles its own record before it pays. A batch that calls the public
/// withdrawal once per item is a sequence of complete operations: the payment of one item
/// before the record of the next is what calling withdraw() twice gives anyway.
contract Streams {
    IToken public immutable token;
    mapping(uint256 => address) public recipientOf;
    mapping(uint256 => uint256) public withdrawable;

    constructor(IToken t) {
        token = t;
    }

    function withdraw(uint256 id) public {
        require(recipientOf[id] == msg.sender, "not recipient");
        uint256 amount = withdrawable[id];
        withdrawable[id] = 0;
        require(token.transfer(msg.sender, amount), "transfer failed");
    }

    function withdrawMany(uint256[] calldata ids) external {
        for (uint256 i = 0; i < ids.length; i++) {
            withdraw(ids[i]);
        }
    }
}
