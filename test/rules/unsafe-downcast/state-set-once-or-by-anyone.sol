// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A one-time set-up's arguments, and a state variable only it writes from them, are the
// deployment's configuration: narrowing them is a computed value (low), not one the caller
// chooses. A variable any caller can overwrite is the caller's choice.
contract Fees {
    uint128 private feeBps;
    uint128 private tip;
    bool private initialized;

    function initialize(uint256 bps) external {
        require(!initialized, "initialized");
        initialized = true;
        feeBps = uint128(bps); // expect: unsafe-downcast@18:unchecked-downcast-computed
    }

    function setTip(uint256 t) external {
        tip = uint128(t); // expect: unsafe-downcast@15:unchecked-downcast
    }

    function fee() external view returns (uint16) {
        return uint16(feeBps); // expect: unsafe-downcast@16:unchecked-downcast-computed
    }

    function tipBps() external view returns (uint16) {
        return uint16(tip); // expect: unsafe-downcast@16:unchecked-downcast
    }
}
