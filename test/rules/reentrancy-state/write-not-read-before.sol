// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20Like {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function transfer(address to, uint256 amount) external returns (bool);
}

/// Writes after a call out are a reentrancy hazard when the operation read the same state
/// before the call (it decided from a value a re-entry can change). A write of state that is
/// not read before the call only lands later than a re-entry sees it (low).
contract Pool {
    mapping(address => mapping(address => uint256)) public deposited;
    mapping(address => uint256) public totalIn;
    mapping(address => mapping(address => bool)) public claimed;
    mapping(address => uint256) public owed;

    // Pull the caller's tokens, then add to tallies nothing here read before the pull.
    function deposit(IERC20Like token, uint256 amount) external {
        require(token.transferFrom(msg.sender, address(this), amount), "pull"); // expect: reentrancy-state@17:write-not-read-before
        deposited[address(token)][msg.sender] += amount;
        totalIn[address(token)] += amount;
    }

    // Each item is checked and marked before its transfer; the next item's mark comes after the
    // transfer, but is read again after it: a re-entry that claims it first makes this one revert.
    function claimMany(IERC20Like[] calldata tokens, uint256 amount) external {
        for (uint256 i = 0; i < tokens.length; i++) {
            require(!claimed[address(tokens[i])][msg.sender], "claimed");
            claimed[address(tokens[i])][msg.sender] = true;
            require(tokens[i].transfer(msg.sender, amount), "send"); // expect: reentrancy-state@21:write-not-read-before
        }
    }

    // The classic case stays: the amount owed is read before the transfer and cleared after it.
    function withdraw(IERC20Like token) external {
        uint256 amount = owed[msg.sender];
        require(token.transfer(msg.sender, amount), "send"); // expect: reentrancy-state@17:state-after-call
        owed[msg.sender] = 0;
    }

    // The same in a loop: each iteration reads the debt before its call and clears it after.
    function withdrawFor(IERC20Like token, address[] calldata users) external {
        for (uint256 i = 0; i < users.length; i++) {
            uint256 amount = owed[users[i]];
            require(token.transfer(users[i], amount), "send"); // expect: reentrancy-state@21:state-after-call
            owed[users[i]] = 0;
        }
    }
}
