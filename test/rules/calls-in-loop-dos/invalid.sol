pragma solidity ^0.4.24;

contract Refunder {
    address[] refundAddresses;
    mapping(address => uint256) refunds;
    address currentLeader;
    uint256 currentBid;

    function refundAll() public {
        for (uint256 x = 0; x < refundAddresses.length; x++) {
            require(refundAddresses[x].send(refunds[refundAddresses[x]])); // expect: calls-in-loop-dos@21:payment-in-loop
        }
    }

    // A leader that rejects ETH can never be outbid.
    function bid() public payable {
        require(msg.value > currentBid);
        if (currentLeader != 0) {
            require(currentLeader.send(currentBid)); // expect: calls-in-loop-dos@21:stored-recipient-payment
        }
        currentLeader = msg.sender;
        currentBid = msg.value;
    }
}
