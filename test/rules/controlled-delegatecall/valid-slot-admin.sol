// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A proxy keeping its admin and implementation in fixed storage slots, read and written
// in assembly; the slot numbers are constants of a library. Admin functions run for the
// admin, or for the zero address (an off-chain call simulated without a sender); everyone
// else is forwarded to the implementation.
library Slots {
    bytes32 internal constant ADMIN = bytes32(uint256(keccak256("example.proxy.admin")) - 1);
    bytes32 internal constant IMPL = bytes32(uint256(keccak256("example.proxy.impl")) - 1);
}

contract SlotProxy {

    modifier onlyAdminElseForward() {
        if (msg.sender == _admin() || msg.sender == address(0)) {
            _;
        } else {
            _forward();
        }
    }

    constructor(address admin_) {
        _setAdmin(admin_);
    }

    fallback() external payable {
        _forward();
    }

    function upgradeToAndCall(address impl, bytes calldata data) external payable onlyAdminElseForward returns (bytes memory) {
        _setImpl(impl);
        (bool ok, bytes memory ret) = impl.delegatecall(data);
        require(ok, "init failed");
        return ret;
    }

    function changeAdmin(address next) external onlyAdminElseForward {
        _setAdmin(next);
    }

    function _setImpl(address impl) internal {
        bytes32 slot = Slots.IMPL;
        assembly {
            sstore(slot, impl)
        }
    }

    function _setAdmin(address a) internal {
        bytes32 slot = Slots.ADMIN;
        assembly {
            sstore(slot, a)
        }
    }

    function _admin() internal view returns (address a) {
        bytes32 slot = Slots.ADMIN;
        assembly {
            a := sload(slot)
        }
    }

    function _impl() internal view returns (address i) {
        bytes32 slot = Slots.IMPL;
        assembly {
            i := sload(slot)
        }
    }

    function _forward() internal {
        address impl = _impl();
        assembly {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), impl, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }
}
