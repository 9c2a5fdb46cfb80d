// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// The owner lives in namespaced storage (ERC-7201): a struct at a fixed slot, reached through a
// storage pointer that a pure function returns from assembly. The check reads stored state.
abstract contract SlotOwned {
    struct OwnerSlot {
        address holder;
    }

    bytes32 private constant OWNER_SLOT = 0x6e3c1a7f0b0d2c2b64b1e1d63b3a1a2ee5e1ce2ad0f7b4c8c6b0e4a7f1d9c300;

    function _slot() private pure returns (OwnerSlot storage s) {
        assembly {
            s.slot := OWNER_SLOT
        }
    }

    function holder() public view returns (address) {
        OwnerSlot storage s = _slot();
        return s.holder;
    }

    function _setHolder(address next) internal {
        _slot().holder = next;
    }

    modifier onlyHolder() {
        if (holder() != msg.sender) revert();
        _;
    }
}

contract Registry is SlotOwned {
    mapping(address => bool) public operators;

    constructor() {
        _setHolder(msg.sender);
    }

    function setOperator(address who, bool allowed) external onlyHolder {
        operators[who] = allowed;
    }

    function act() external {
        require(operators[msg.sender], "operator");
        payable(msg.sender).transfer(1 ether);
    }
}

// The caller is either a fixed relay or whoever owns that relay: the revert sits inside the
// branch taken when the caller is not the relay.
interface IOwned {
    function owner() external view returns (address);
}

contract Relayed {
    IOwned public relay;
    mapping(address => bool) public senders;

    constructor(IOwned r) {
        relay = r;
    }

    modifier onlyRelayOrItsOwner() {
        if (msg.sender != address(relay)) {
            address relayOwner = relay.owner();
            if (msg.sender != relayOwner) revert();
        }
        _;
    }

    function setSender(address who, bool allowed) external onlyRelayOrItsOwner {
        senders[who] = allowed;
    }

    function send(address to) external {
        require(senders[msg.sender], "sender");
        payable(to).transfer(1 ether);
    }
}
