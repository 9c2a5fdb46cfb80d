// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Payouts to a list of recipients, looped over in an internal function. When the list
// is the one the caller passed in (handed down from the entry point), a recipient that
// reverts only fails the caller's own batch. When it is a list kept in storage, one
// recipient that rejects ETH blocks everyone listed after it.
contract Payouts {
    struct Claim {
        address payable to;
        uint256 amount;
    }

    address payable[] public members;
    mapping(address => uint256) public credit;

    function join() external {
        members.push(payable(msg.sender));
    }

    function deposit() external payable {
        credit[msg.sender] += msg.value;
    }

    // The caller's own list, handed down one level.
    function payMany(Claim[] calldata claims) external {
        _payAll(claims);
    }

    // And two levels, through a helper that adds a check.
    function payManyChecked(Claim[] calldata claims, uint256 cap) external {
        _checked(claims, cap);
    }

    function _checked(Claim[] calldata claims, uint256 cap) internal {
        require(claims.length <= cap, "too many");
        _payAll(claims);
    }

    function _payAll(Claim[] calldata claims) internal {
        for (uint256 i = 0; i < claims.length; i++) {
            credit[msg.sender] -= claims[i].amount;
            _send(claims[i].to, claims[i].amount); // expect: calls-in-loop-dos@13:caller-batch
        }
    }

    // A list in storage, looped over in an internal function: a true positive.
    function distribute() external {
        _payMembers(members, credit[msg.sender]);
        credit[msg.sender] = 0;
    }

    function _payMembers(address payable[] storage list, uint256 total) internal {
        uint256 each = total / list.length;
        for (uint256 i = 0; i < list.length; i++) {
            _send(list[i], each); // expect: calls-in-loop-dos@13:helper-call-in-loop
        }
    }

    // Reached both from the caller's arguments and from storage: not the caller's own batch.
    function payListed(address payable[] calldata to, uint256 each) external {
        credit[msg.sender] -= each * to.length;
        _payEach(to, each);
    }

    function payMembersEach(uint256 each) external {
        credit[msg.sender] -= each * members.length;
        _payEach(members, each);
    }

    function _payEach(address payable[] memory to, uint256 each) internal {
        for (uint256 i = 0; i < to.length; i++) {
            _send(to[i], each); // expect: calls-in-loop-dos@13:helper-call-in-loop
        }
    }

    function _send(address payable to, uint256 amount) internal {
        (bool ok, ) = to.call{value: amount}("");
        require(ok, "send failed");
    }
}
