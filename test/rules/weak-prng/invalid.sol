pragma solidity ^0.4.24;

contract Lottery {
    address[] players;

    function draw() public {
        uint256 seed = block.timestamp; // expect: weak-prng
        uint256 winner = uint256(keccak256(seed, block.difficulty)) % players.length; // expect: weak-prng
        players[winner].transfer(this.balance);
    }

    function guess(uint8 n) public payable {
        uint8 answer = uint8(blockhash(block.number - 1)); // expect: weak-prng
        if (n == answer) msg.sender.transfer(2 ether);
    }

    function enter() public payable {
        players.push(msg.sender);
    }
}
