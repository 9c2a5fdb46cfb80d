pragma solidity ^0.4.24;

contract Payouts {
    address owner = msg.sender;
    mapping(address => uint256) balances;

    function payout(address to, uint256 amount) public {
        to.transfer(amount); // expect: arbitrary-eth-send
    }

    function sweep(address to) public {
        require(to.call.value(this.balance)()); // expect: arbitrary-eth-send
    }
}
