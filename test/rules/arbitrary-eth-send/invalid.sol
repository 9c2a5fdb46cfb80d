pragma solidity ^0.4.24;

contract Payouts {
    address owner = msg.sender;
    mapping(address => uint256) balances;

    function payout(address to, uint256 amount) public {
        to.transfer(amount); // expect: arbitrary-eth-send@9:arbitrary-recipient
    }

    function sweep(address to) public {
        require(to.call.value(this.balance)()); // expect: arbitrary-eth-send@17:arbitrary-recipient
    }
}

// One run per account is not one run: each new account claims again, to any address.
contract PerAccountClaim {
    mapping(address => bool) public claimed;

    receive() external payable {}

    function claim(address payable to) external {
        require(!claimed[msg.sender], "claimed");
        claimed[msg.sender] = true;
        to.transfer(1 ether); // expect: arbitrary-eth-send@9:arbitrary-recipient
    }
}
