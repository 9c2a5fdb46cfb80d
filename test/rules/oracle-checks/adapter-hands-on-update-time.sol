// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IFeed {
    function latestRoundData() external view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}

/// A feed adapter that returns the round data (scaled) with the source's update time hands the
/// staleness and validity checks to whoever reads it. One that replaces the update time with
/// the current block hides how old the answer is, and a consumer that prices with the answer
/// must check it.
contract ScaledFeed {
    IFeed public immutable source;
    int256 public immutable scale;

    constructor(IFeed s, int256 k) {
        source = s;
        scale = k;
    }

    function latestRoundData() external view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound) {
        (, int256 sourceAnswer, , uint256 sourceUpdatedAt, ) = source.latestRoundData();
        answer = sourceAnswer * scale;
        updatedAt = sourceUpdatedAt;
        roundId = 0;
        startedAt = 0;
        answeredInRound = 0;
    }
}

contract FreshLookingFeed {
    IFeed public immutable source;

    constructor(IFeed s) {
        source = s;
    }

    function latestRoundData() external view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound) {
        (roundId, answer, startedAt, updatedAt, answeredInRound) = source.latestRoundData(); // expect: oracle-checks@68:unchecked-round-data
        updatedAt = block.timestamp;
    }
}

contract Pricer {
    IFeed public immutable feed;

    constructor(IFeed f) {
        feed = f;
    }

    function quote(uint256 amount) external view returns (uint256) {
        (, int256 price, , , ) = feed.latestRoundData(); // expect: oracle-checks@34:unchecked-round-data
        return amount * uint256(price);
    }
}
