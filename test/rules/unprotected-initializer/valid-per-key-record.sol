// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Entries that check a mapping entry and then set it (an order registered once, a claim
// made once) are once per key, not once per contract: they initialise nothing.
contract Orders {
    struct Status {
        uint256 remaining;
        bool exists;
    }

    mapping(bytes32 => Status) internal status;
    mapping(address => bool) public claimed;
    address public immutable implementation;

    constructor(address impl) {
        implementation = impl;
    }

    function register(bytes32 id, uint256 amount) external {
        require(!status[id].exists, "exists");
        status[id] = Status({remaining: amount, exists: true});
    }

    function claim() external {
        require(!claimed[msg.sender], "claimed");
        claimed[msg.sender] = true;
    }

    fallback() external payable {
        (bool ok, ) = implementation.delegatecall(msg.data);
        require(ok, "failed");
    }
}
