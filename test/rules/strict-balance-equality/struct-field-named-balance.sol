// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A ledger entry's field called `balance` is the contract's own bookkeeping, which only its code
// changes: comparing it exactly is no strict equality on an ETH balance. The account's ETH
// balance still is.
struct Account {
    uint256 balance;
    uint64 unlockRound;
}

library Accounts {
    function close(Account storage a) internal {
        if (a.balance == 0) revert();
        a.balance = 0;
    }
}

contract Vault {
    using Accounts for Account;

    mapping(address => Account) internal accounts;

    function close() external {
        accounts[msg.sender].close();
    }

    function settled(uint256 expected) external view returns (bool) {
        return accounts[msg.sender].balance == expected;
    }

    function drained(uint256 expected) external view returns (bool) {
        return address(this).balance == expected; // expect: strict-balance-equality@16:balance-equality
    }
}
