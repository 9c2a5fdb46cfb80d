// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Quotes are computed by doing the work and then undoing it with a revert that carries the result.
abstract contract Simulation {
    error Simulated(uint256 result);

    function _revertWithResult(uint256 result) internal pure {
        revert Simulated(result);
    }
}
