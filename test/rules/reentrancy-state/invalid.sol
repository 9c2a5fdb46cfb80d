// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IToken {
    function transfer(address to, uint256 amount) external returns (bool);
}

interface ISupports {
    function supportsToken() external returns (bytes32);
}

contract Vault {
    IToken public token;
    mapping(address => uint256) public shares;

    constructor(IToken t) {
        token = t;
    }

    function redeem() external {
        uint256 s = shares[msg.sender];
        require(token.transfer(msg.sender, s), "transfer failed"); // expect: reentrancy-state@17:state-after-call
        shares[msg.sender] = 0;
    }

    modifier supportsToken() {
        require(ISupports(msg.sender).supportsToken() == keccak256("Token"), "unsupported");
        _;
    }

    modifier hasNoShares() {
        require(shares[msg.sender] == 0, "has shares");
        _;
    }

    // The call sits in a modifier, so the finding is placed on the function it guards.
    // The shares are checked before the call and credited after it: each re-entry passes the check again.
    function airDrop() external hasNoShares supportsToken { // expect: reentrancy-state@14:state-after-call
        shares[msg.sender] += 20;
    }
}
