// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IHook {
    function onUpdate(bytes32 id) external;
}

/// The same admin-only shape, but an open function acts on the record the setter leaves
/// stale during its call out: a re-entering callee can use the old value.
contract Registry {
    address public admin;
    mapping(bytes32 => address) private _entries;
    mapping(bytes32 => uint256) public credits;

    constructor() {
        admin = msg.sender;
    }

    modifier onlyAdmin() {
        require(msg.sender == admin, "admin");
        _;
    }

    function setEntry(bytes32 id, address hook, address value) external onlyAdmin {
        require(_entries[id] != value, "unchanged");
        IHook(hook).onUpdate(id); // expect: reentrancy-state@9:state-after-call
        _entries[id] = value;
    }

    function claim(bytes32 id) external {
        require(_entries[id] == msg.sender, "not entry");
        credits[id] += 1;
    }
}
