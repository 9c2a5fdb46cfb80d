// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

type Ratio is uint256;

using {plus as +, below as <} for Ratio global;

function plus(Ratio a, Ratio b) pure returns (Ratio) {
    return Ratio.wrap(Ratio.unwrap(a) + Ratio.unwrap(b));
}

function below(Ratio a, Ratio b) pure returns (bool) {
    return Ratio.unwrap(a) < Ratio.unwrap(b);
}
