// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A helper that returns the result of its payment leaves the payment pending in its caller:
// the caller's later write follows the call (reported once, at the helper's call, for every entry
// that reaches it; a send's 2300-gas stipend at info severity).
contract Refunds {
    mapping(address => uint256) public owed;

    function deposit() external payable {
        owed[msg.sender] += msg.value;
    }

    function _pay(address to, uint256 amount) internal returns (bool ok) {
        (ok, ) = payable(to).call{value: amount}(""); // expect: reentrancy-eth@18:state-after-eth
    }

    function _trySend(address to, uint256 amount) internal returns (bool) {
        return payable(to).send(amount); // expect: reentrancy-eth@16:limited-gas-send
    }

    function refund() external {
        uint256 amount = owed[msg.sender];
        require(_pay(msg.sender, amount), "failed");
        owed[msg.sender] = 0;
    }

    function refundBySend() external {
        uint256 amount = owed[msg.sender];
        require(_trySend(msg.sender, amount), "failed");
        owed[msg.sender] = 0;
    }
}
