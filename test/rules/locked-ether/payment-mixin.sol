// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A mixin that only accepts ETH is a base: the wallet deriving from it sends ETH out, so nothing
// is locked in what is deployed. A derived contract without a way out still locks it.
contract PaymentFallback {
    event Received(address from, uint256 value);

    receive() external payable {
        emit Received(msg.sender, msg.value);
    }
}

contract Wallet is PaymentFallback {
    address public owner = msg.sender;

    function pay(address payable to, uint256 amount) external {
        require(msg.sender == owner, "owner");
        to.transfer(amount);
    }
}

contract Sink is PaymentFallback { // expect: locked-ether@10:no-withdrawal
    uint256 public count;
}
