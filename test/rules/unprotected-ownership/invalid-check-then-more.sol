// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A branch taken only by the owner, then more work that runs for everyone: the caller is not
// checked before the role is granted.
contract Admins {
    address public owner;
    mapping(address => bool) public admins;
    uint256 public calls;

    constructor() {
        owner = msg.sender;
    }

    function grant(address who) external { // expect: unprotected-ownership@14:open-role-write
        if (msg.sender == owner) {
            calls += 1;
        }
        admins[who] = true;
    }

    function sweep(address to) external {
        require(admins[msg.sender], "admin");
        payable(to).transfer(address(this).balance);
    }
}

// Both branches end in a return, but the first grants the role before it: leaving early is not
// a check of the caller.
contract Enrolment {
    mapping(address => bool) public admins;
    uint256 public count;

    function enroll(address who) external { // expect: unprotected-ownership@14:open-role-write
        if (count < 10) {
            admins[who] = true;
            count += 1;
            return;
        } else {
            return;
        }
    }

    function sweep(address to) external {
        require(admins[msg.sender], "admin");
        payable(to).transfer(address(this).balance);
    }
}
