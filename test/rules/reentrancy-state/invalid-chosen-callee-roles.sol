// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Roles granted per function selector: a helper looks the caller up under msg.sig.
contract Roles {
    struct Role {
        mapping(address => bool) members;
        bytes4 admin;
    }

    mapping(bytes4 => Role) private roles;

    modifier auth() {
        require(_has(msg.sig, msg.sender), "denied");
        _;
    }

    constructor() {
        roles[bytes4(0)].members[msg.sender] = true;
    }

    function _has(bytes4 role, address account) internal view returns (bool) {
        return roles[role].members[account];
    }

    function grant(bytes4 role, address account) external {
        require(_has(roles[role].admin, msg.sender), "not admin");
        roles[role].members[account] = true;
    }
}

interface IFeed {
    function poke(bytes32 id) external returns (uint256);
}

contract Ledger is Roles {
    mapping(bytes32 => IFeed) public feeds; // set by a role
    mapping(bytes32 => IFeed) public anyFeeds; // set by anyone
    mapping(bytes32 => uint256) public level;

    function setFeed(bytes32 id, IFeed f) external auth {
        feeds[id] = f;
    }

    function setAnyFeed(bytes32 id, IFeed f) external {
        anyFeeds[id] = f;
    }

    /// A local copied from a table only a role writes: the callee was chosen by that role.
    function update(bytes32 id) external {
        IFeed f = feeds[id];
        uint256 v = f.poke(id); // expect: reentrancy-state@21:state-after-trusted-call
        level[id] = v;
    }

    function updateAny(bytes32 id) external {
        uint256 last = level[id];
        uint256 v = anyFeeds[id].poke(id); // expect: reentrancy-state@21:state-after-call
        level[id] = last + v;
    }
}
