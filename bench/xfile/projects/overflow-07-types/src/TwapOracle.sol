// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

import {Observation} from "./types/Observation.sol";

contract TwapOracle {
    Observation public last;
    uint256 public weighted;
    bytes32 public anchorHash;
    mapping(address => uint256) public stakeOf;

    function record(uint224 price) external {
        last = Observation(price, uint32(block.timestamp));
    }

    function weigh() external {
        Observation memory o = last;
        weighted = uint256(o.priceCumulative) * uint256(o.timestamp);
    }

    function anchor() external {
        anchorHash = blockhash(block.number - 1);
    }

    function stakeFor(uint256 units, uint256 unitPrice) external {
        stakeOf[msg.sender] = units * unitPrice;
    }
}
