pragma solidity ^0.4.24;

contract Lottery {
    address[] players;

    function draw() public {
        uint256 seed = block.timestamp; // expect: weak-prng@24:block-value-randomness
        uint256 winner = uint256(keccak256(seed, block.difficulty)) % players.length; // expect: weak-prng@50:block-value-randomness
        players[winner].transfer(this.balance);
    }

    function guess(uint8 n) public payable {
        uint8 answer = uint8(blockhash(block.number - 1)); // expect: weak-prng@30:block-value-randomness
        if (n == answer) msg.sender.transfer(2 ether);
    }

    function enter() public payable {
        players.push(msg.sender);
    }
}
