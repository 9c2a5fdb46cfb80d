// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

abstract contract Payer {
    /// Hands the outcome of the send back to the caller.
    function _trySend(address payable to, uint256 amount) internal returns (bool) {
        return to.send(amount);
    }
}
