// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Simulation} from "./base/Simulation.sol";
import {IPool} from "./interfaces/IPool.sol";

contract Quoter is Simulation {
    IPool public immutable pool;
    uint256 public lastQuote;
    uint256 public quoteCount;

    constructor(IPool pool_) {
        pool = pool_;
    }

    function quote(int256 amountIn) external {
        (, int256 out) = pool.swap(address(this), true, amountIn);
        lastQuote = uint256(-out);
        _revertWithResult(lastQuote);
    }

    function quoteInline(int256 amountIn) external {
        (, int256 out) = pool.swap(address(this), true, amountIn);
        quoteCount += 1;
        revert Simulated(uint256(-out));
    }

    function quoteAndRecord(int256 amountIn) external returns (uint256) {
        (, int256 out) = pool.swap(address(this), true, amountIn);
        lastQuote = uint256(-out);
        return lastQuote;
    }
}
