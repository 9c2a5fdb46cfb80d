// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// The feed's interface is not in the project: with no declaration to read a shape from, the
// feed's own function names are all there is to go on.
import {AggregatorV3Interface} from "./not-in-this-project/AggregatorV3Interface.sol";

contract Lending {
    AggregatorV3Interface public feed;

    function price() external view returns (int256) {
        return feed.latestAnswer(); // expect: oracle-checks@16:answer-only-read
    }

    function round() external view returns (uint256) {
        (, int256 answer, , , ) = feed.latestRoundData(); // expect: oracle-checks@35:unchecked-round-data
        require(answer > 0, "bad price");
        return uint256(answer);
    }

    // Names that are not the feed's own decide nothing.
    function other() external view returns (int256) {
        return feed.currentAnswer();
    }
}
