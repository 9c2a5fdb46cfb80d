// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface AggregatorV3Interface {
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80);
    function latestAnswer() external view returns (int256);
}

interface IPyth {
    struct Price { int64 price; uint64 conf; int32 expo; uint256 publishTime; }
    function getPriceUnsafe(bytes32 id) external view returns (Price memory);
}

contract Lending {
    AggregatorV3Interface public feed;
    IPyth public pyth;

    function price() public view returns (uint256) {
        (, int256 answer, , , ) = feed.latestRoundData(); // expect: oracle-checks@35:unchecked-round-data
        return uint256(answer);
    }

    function priceOld() public view returns (int256) {
        return feed.latestAnswer(); // expect: oracle-checks@16:answer-only-read
    }

    function pythPrice(bytes32 id) public view returns (int64) {
        IPyth.Price memory p = pyth.getPriceUnsafe(id); // expect: oracle-checks@32:unchecked-pyth-price
        return p.price;
    }
}
