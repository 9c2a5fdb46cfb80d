// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IRate {
    function update(bytes32 id) external returns (uint256);
}

interface IToken {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

interface INft {
    function safeTransferFrom(address from, address to, uint256 id) external;
}

/// Who chose the callee decides how much a write after the call matters.
contract Lender {
    IRate public immutable rate; // chosen by the deployer
    IRate public backup; // chosen by the owner
    IRate public open; // chosen by anyone
    IToken public immutable token; // chosen by the deployer, but a transfer may run hooks (ERC-777)
    INft public immutable nft; // chosen by the deployer, but a safe transfer calls the receiver
    mapping(uint256 => address) public holder;
    address public owner;
    mapping(bytes32 => uint256) public index;
    mapping(address => uint256) public deposits;

    constructor(IRate r, IToken t, INft n) {
        rate = r;
        token = t;
        nft = n;
        owner = msg.sender;
    }

    function setBackup(IRate r) external {
        require(msg.sender == owner, "owner");
        backup = r;
    }

    function setOpen(IRate r) external {
        open = r;
    }

    function accrue(bytes32 id) external {
        uint256 v = rate.update(id); // expect: reentrancy-state@21:state-after-trusted-call
        index[id] = v;
    }

    function accrueBackup(bytes32 id) external {
        uint256 v = backup.update(id); // expect: reentrancy-state@21:state-after-trusted-call
        index[id] = v;
    }

    function accrueOpen(bytes32 id) external {
        uint256 last = index[id];
        uint256 v = open.update(id); // expect: reentrancy-state@21:state-after-call
        index[id] = last + v;
    }

    function deposit(uint256 amount) external {
        // Credited after the pull, but not read before it: a re-entry sees the old credit, as if it came first.
        require(token.transferFrom(msg.sender, address(this), amount), "pull"); // expect: reentrancy-state@17:write-not-read-before
        deposits[msg.sender] += amount;
    }

    function release(uint256 id, address to) external {
        require(holder[id] == msg.sender, "holder");
        nft.safeTransferFrom(address(this), to, id); // expect: reentrancy-state@9:state-after-call
        holder[id] = address(0);
    }

    function read(bytes32 id) external view returns (uint256) {
        return index[id] + deposits[msg.sender] + uint160(holder[uint256(id)]);
    }
}
