pragma solidity ^0.4.24;

contract Crowdsale {
    uint256 lastBid;

    function isOver() public view returns (bool) {
        return now >= 1546300800; // expect: timestamp@16:timestamp-comparison
    }

    function bid() public payable {
        uint256 t = block.timestamp;
        require(t != lastBid); // expect: timestamp@17:timestamp-comparison
        lastBid = t;
    }
}
