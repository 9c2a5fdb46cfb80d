// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

struct Observation {
    uint224 priceCumulative;
    uint32 timestamp;
}
