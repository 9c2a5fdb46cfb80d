// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A feed whose functions carry the Chainlink names but not the answer-only shape: this one
// returns the update time with the answer, so a stale answer can be told.
interface IOwnFeed {
    function latestAnswer() external view returns (int256 answer, uint256 updatedAt);
    function latestRoundData() external view returns (int256 answer, uint256 updatedAt);
}

interface IPriceSource {
    function current() external view returns (int256);
    function updatedTime() external view returns (uint256);
    function round() external view returns (uint80, int256, uint256, uint256, uint80);
}

interface IQuotes {
    struct Quote { int64 value; uint64 spread; int32 exponent; uint256 at; }
    function quote(bytes32 id) external view returns (Quote memory);
}

contract Market {
    uint256 public constant MAX_AGE = 1 hours;
    IOwnFeed public own;
    IPriceSource public source;
    IQuotes public quotes;

    function fromOwn() external view returns (int256) {
        (int256 answer, uint256 updatedAt) = own.latestAnswer();
        require(block.timestamp - updatedAt <= MAX_AGE, "stale");
        return answer;
    }

    function fromOwnRound() external view returns (int256 answer) {
        (answer, ) = own.latestRoundData();
    }

    // The answer alone, but its age is read from the same source and checked.
    function spot() external view returns (int256) {
        require(block.timestamp - source.updatedTime() <= MAX_AGE, "stale");
        return source.current();
    }

    // The checks go through locals computed from the round data and through a helper,
    // whatever the variables are called.
    function value() external view returns (uint256) {
        (, int256 p, , uint256 t, ) = source.round();
        uint256 age = block.timestamp - t;
        require(age <= MAX_AGE, "stale");
        return _positive(p);
    }

    function _positive(int256 x) internal pure returns (uint256) {
        if (x <= 0) revert("bad price");
        return uint256(x);
    }

    function quoted(bytes32 id) external view returns (int64) {
        IQuotes.Quote memory q = quotes.quote(id);
        require(block.timestamp - q.at <= MAX_AGE, "stale");
        require(q.spread * 50 <= uint64(q.value), "imprecise");
        return q.value;
    }

    // Handing the whole quote to the caller leaves the checks to the caller.
    function rawQuote(bytes32 id) external view returns (IQuotes.Quote memory) {
        return quotes.quote(id);
    }
}
