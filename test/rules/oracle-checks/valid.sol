// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface AggregatorV3Interface {
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80);
}

interface IPyth {
    struct Price { int64 price; uint64 conf; int32 expo; uint256 publishTime; }
    function getPriceUnsafe(bytes32 id) external view returns (Price memory);
}

contract Lending {
    uint256 public constant MAX_DELAY = 1 hours;
    AggregatorV3Interface public feed;
    IPyth public pyth;

    function price() public view returns (uint256) {
        (, int256 answer, , uint256 updatedAt, ) = feed.latestRoundData();
        require(answer > 0, "bad price");
        require(block.timestamp - updatedAt <= MAX_DELAY, "stale");
        return uint256(answer);
    }

    // Handing the raw round on to the caller leaves the checks to the caller.
    function raw() external view returns (uint80, int256, uint256, uint256, uint80) {
        return feed.latestRoundData();
    }

    function pythPrice(bytes32 id) public view returns (int64) {
        IPyth.Price memory p = pyth.getPriceUnsafe(id);
        require(block.timestamp - p.publishTime <= MAX_DELAY, "stale");
        require(p.conf * 50 <= uint64(p.price), "imprecise");
        return p.price;
    }
}
