// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Oracle reads are known by the shape of what the called function returns, whatever it is called.
interface IPriceSource {
    // A bare answer: no round id, no update time.
    function current() external view returns (int256);
    function at(uint256 round) external view returns (int256);
    // Round data: (roundId, answer, startedAt, updatedAt, answeredInRound).
    function round() external view returns (uint80, int256, uint256, uint256, uint80);
}

interface IQuotes {
    struct Quote { int64 value; uint64 spread; int32 exponent; uint256 at; }
    function quote(bytes32 id) external view returns (Quote memory);
    function quoteWithin(bytes32 id, uint256 maxAge) external view returns (Quote memory);
}

contract Market {
    IPriceSource public source;
    IQuotes public quotes;
    uint256 public lastTime;

    function spot() external view returns (int256) {
        return source.current(); // expect: oracle-checks@16:answer-only-read
    }

    function historic(uint256 r) external view returns (int256) {
        return source.at(r); // expect: oracle-checks@16:answer-only-read
    }

    // Checking the answer's sign says nothing about its age.
    function value() external returns (uint256) {
        (, int256 price, , uint256 time, ) = source.round(); // expect: oracle-checks@46:unchecked-round-data
        require(price > 0, "bad price");
        lastTime = time;
        return uint256(price);
    }

    function quoted(bytes32 id) external view returns (int64) {
        IQuotes.Quote memory q = quotes.quote(id); // expect: oracle-checks@34:unchecked-pyth-price
        return q.value;
    }

    // An age bound is passed, but the spread (confidence) is never looked at.
    function quotedFresh(bytes32 id) external view returns (int64) {
        IQuotes.Quote memory q = quotes.quoteWithin(id, 60); // expect: oracle-checks@34:unchecked-pyth-price
        return q.value;
    }
}
