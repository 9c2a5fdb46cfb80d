// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {FixedMath} from "./math/FixedMath.sol";
import {Ratio} from "./types/Ratio.sol";
import {IAccrualSink} from "./interfaces/IAccrualSink.sol";

contract Accumulator {
    using FixedMath for uint256;

    IAccrualSink public immutable sink;
    uint256 public index = 1e18;
    uint256 public rate;
    Ratio public boost;
    uint256 public lastReported;

    event Accrued(uint256 index);

    constructor(IAccrualSink sink_, uint256 rate_) {
        sink = sink_;
        rate = rate_;
    }

    function accrue(uint256 periods) external {
        uint256 grown = index.mulDown(rate * periods);
        index = FixedMath.clampTo(grown, 1e30);
        Ratio next = boost + Ratio.wrap(periods);
        require(boost < next, "no growth");
        boost = next;
        emit Accrued(index);
    }

    function report() external {
        sink.record(index);
        lastReported = index;
    }
}
