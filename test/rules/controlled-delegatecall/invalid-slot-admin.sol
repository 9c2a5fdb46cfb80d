// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A proxy reading its admin from a storage slot in assembly, but the caller names the
// slot to compare with: any slot that holds the caller's address (a balance entry, a
// deposit record) lets them through, so the gate admits anyone.
library ProxySlots {
    bytes32 internal constant ADMIN = bytes32(uint256(keccak256("example.proxy.admin")) - 1);
}

contract LooseSlotProxy {
    mapping(address => address) public referrer; // anyone can record an address here

    constructor(address admin_) {
        bytes32 slot = ProxySlots.ADMIN;
        assembly {
            sstore(slot, admin_)
        }
    }

    function setReferrer(address who) external {
        referrer[msg.sender] = who;
    }

    function upgradeToAndCall(bytes32 adminSlot, address impl, bytes calldata data) external returns (bytes memory) {
        require(msg.sender == _load(adminSlot), "not admin");
        (bool ok, bytes memory ret) = impl.delegatecall(data); // expect: controlled-delegatecall@39:controlled-target
        require(ok, "init failed");
        return ret;
    }

    function _load(bytes32 slot) internal view returns (address v) {
        assembly {
            v := sload(slot)
        }
    }
}
