// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Lets one call in at a time: a status word is checked and flipped around the body.
abstract contract SerialGate {
    uint256 private constant IDLE = 1;
    uint256 private constant BUSY = 2;
    uint256 private _gate = IDLE;

    modifier oneAtATime() {
        require(_gate == IDLE, "busy");
        _gate = BUSY;
        _;
        _gate = IDLE;
    }
}
