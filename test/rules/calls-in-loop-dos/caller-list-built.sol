// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IVault {
    function credit(address account, uint256 amount) external;
}

/// The list a loop runs over can reach it inside a struct the function builds from its
/// arguments, or as a memory array it creates and fills from them (a one-item batch). Either
/// way every iteration is an item the caller chose (low). The same loop over a list copied
/// from storage is blocked for everyone by one account whose credit reverts (medium).
contract Distributor {
    struct Batch {
        address[] accounts;
        uint256[] amounts;
        bytes32 memo;
    }

    IVault public immutable vault;
    address[] public members;
    uint256[] public shares;

    constructor(IVault v) {
        vault = v;
    }

    function join(uint256 share) external {
        members.push(msg.sender);
        shares.push(share);
    }

    function distribute(address[] calldata accounts, uint256[] calldata amounts, bytes32 memo) external {
        Batch memory b = Batch(accounts, amounts, memo);
        _distribute(b);
    }

    function distributeMembers(bytes32 memo) external {
        Batch memory b = Batch({accounts: members, amounts: shares, memo: memo});
        _distributeStored(b);
    }

    function _distribute(Batch memory b) internal {
        for (uint256 i = 0; i < b.accounts.length; i++) {
            _credit(b.accounts[i], b.amounts[i]); // expect: calls-in-loop-dos@13:caller-list-loop
        }
    }

    function _distributeStored(Batch memory b) internal {
        for (uint256 i = 0; i < b.accounts.length; i++) {
            _credit(b.accounts[i], b.amounts[i]); // expect: calls-in-loop-dos@13:helper-call-in-loop
        }
    }

    function creditOne(address account, uint256 amount) external {
        address[] memory accounts = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        (accounts[0], amounts[0]) = (account, amount);
        _creditAll(accounts, amounts);
    }

    function creditMany(address[] calldata accounts, uint256[] calldata amounts) external {
        _creditAll(accounts, amounts);
    }

    function _creditAll(address[] memory accounts, uint256[] memory amounts) internal {
        for (uint256 i = 0; i < accounts.length; i++) {
            _credit(accounts[i], amounts[i]); // expect: calls-in-loop-dos@13:caller-list-loop
        }
    }

    function creditEveryMember() external {
        address[] memory accounts = new address[](members.length);
        for (uint256 i = 0; i < members.length; i++) {
            accounts[i] = members[i];
        }
        _creditCopied(accounts);
    }

    function _creditCopied(address[] memory accounts) internal {
        for (uint256 i = 0; i < accounts.length; i++) {
            _credit(accounts[i], 1); // expect: calls-in-loop-dos@13:helper-call-in-loop
        }
    }

    function _credit(address account, uint256 amount) internal {
        vault.credit(account, amount);
    }
}
