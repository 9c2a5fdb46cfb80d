// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// A signed request that is only announced: replaying it emits the same event again and
/// changes nothing (the lock is checked and reset around the body).
contract Board {
    uint256 private locked = 1;

    event Requested(address signer, uint256 amount, bytes signature);

    modifier nonReentrant() {
        require(locked == 1, "locked");
        locked = 2;
        _;
        locked = 1;
    }

    function announce(uint256 amount, uint8 v, bytes32 r, bytes32 s) external nonReentrant {
        bytes32 digest = keccak256(abi.encode(block.chainid, address(this), amount));
        address signer = ecrecover(digest, v, r, s);
        require(signer != address(0), "bad signature");
        emit Requested(signer, amount, abi.encodePacked(r, s, v));
    }
}
