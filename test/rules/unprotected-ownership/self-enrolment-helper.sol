// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A helper writes the entry of the account it is given. Called with the caller, it changes only
// the caller's own entry (joining an open club); called with an account of the caller's choosing,
// it hands power to anyone.
contract Club {
    struct Member {
        bool active;
        uint256 joined;
    }

    mapping(address => Member) private members;

    function _enrol(address who) internal {
        Member storage m = members[who];
        m.active = true;
        m.joined = block.timestamp;
    }

    function join() external payable {
        require(msg.value == 1 ether, "fee");
        _enrol(msg.sender);
    }

    function joinFor(address who) external payable { // expect: unprotected-ownership@14:open-role-write
        require(msg.value == 1 ether, "fee");
        _enrol(who);
    }

    function perk(address payable to) external {
        require(members[msg.sender].active, "member");
        to.transfer(0.1 ether);
    }
}
