// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

/// An auction with a push refund that a bidder can block. Do not deploy.
contract Auction {
    address payable public leader;
    uint256 public highest;

    function bid() external payable {
        require(msg.value > highest, "bid too low");
        if (leader != address(0)) {
            // A leader whose fallback reverts blocks every later bid.
            require(leader.send(highest), "refund failed");
        }
        leader = msg.sender;
        highest = msg.value;
    }

    function endsAt() public view returns (bool) {
        return block.timestamp >= 1700000000;
    }
}
