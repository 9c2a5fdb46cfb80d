// expect: none
pragma solidity ^0.4.24;

// Before 0.7.0 `now` is block.timestamp: a check written with one bounds
// arithmetic written with the other (so replacing one `now` changes nothing).
contract Sale {
    uint256 public end;

    function extend(uint256 period) public {
        require(block.timestamp < end && period < 30 days);
        end = now + period;
    }

    function shorten(uint256 period) public {
        require(now > period);
        end = block.timestamp - period;
    }
}
