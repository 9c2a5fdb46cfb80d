// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// A single steward who may hand the role over.
abstract contract Stewarded {
    address private _steward;
    bool public locked;

    event StewardChanged(address indexed previous, address indexed next);

    error NotSteward(address caller);

    constructor(address first) {
        _setSteward(first);
    }

    modifier onlySteward() {
        _checkSteward();
        _;
    }

    /// Checks a flag, not the caller.
    modifier whenUnlocked() {
        require(!locked, "locked");
        _;
    }

    function lock() external onlySteward {
        locked = true;
    }

    function steward() public view returns (address) {
        return _steward;
    }

    function handOver(address next) external onlySteward {
        _setSteward(next);
    }

    function _checkSteward() internal view {
        if (msg.sender != _steward) revert NotSteward(msg.sender);
    }

    function _setSteward(address next) internal {
        emit StewardChanged(_steward, next);
        _steward = next;
    }
}
