// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Balances kept in namespaced storage (ERC-7201: a struct at a fixed slot, reached through a
// storage pointer a function returns from assembly) are state like any other: clearing them after
// sending the ETH lets the recipient call back in and be paid again.
contract Vault {
    struct Layout {
        mapping(address => uint256) balances;
    }

    function _layout() private pure returns (Layout storage l) {
        assembly {
            l.slot := 0x5b0c4ad57e3dd2b6d7a1f1f0b7d3e9c28d5bde0a7e6c1f2a3b4c5d6e7f809100
        }
    }

    function deposit() external payable {
        _layout().balances[msg.sender] += msg.value;
    }

    function withdraw() external {
        Layout storage l = _layout();
        uint256 amount = l.balances[msg.sender];
        (bool ok, ) = msg.sender.call{value: amount}(""); // expect: reentrancy-eth@23:state-after-eth
        require(ok, "send failed");
        l.balances[msg.sender] = 0;
    }

    function withdrawSafely() external {
        Layout storage l = _layout();
        uint256 amount = l.balances[msg.sender];
        l.balances[msg.sender] = 0;
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "send failed");
    }
}
