// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IProxy {
    function implementation() external returns (address);
    function upgradeTo(address impl) external;
}

/// A registry that only its admin changes. The admin's setter calls out before it records the
/// new address, but every function a re-entering callee could run is a view: nothing it can
/// run sees the record stale (reading it stale is read-only reentrancy, a separate question).
contract Registry {
    address public admin;
    mapping(bytes32 => address) private _entries;
    mapping(bytes32 => address) private _previous;

    constructor() {
        admin = msg.sender;
    }

    modifier onlyAdmin() {
        require(msg.sender == admin, "admin");
        _;
    }

    function setEntry(bytes32 id, address proxy, address impl) external onlyAdmin {
        _previous[id] = IProxy(proxy).implementation();
        IProxy(proxy).upgradeTo(impl);
        _entries[id] = proxy;
    }

    function entry(bytes32 id) external view returns (address) {
        return _entries[id];
    }
}
