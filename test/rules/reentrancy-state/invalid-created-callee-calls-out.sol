// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IHook {
    function onCreated(address pool) external;
}

/// Code this source creates, but whose initialize() hands control to an address the caller names.
contract Pool {
    address public owner;

    function initialize(address hook) external {
        owner = msg.sender;
        IHook(hook).onCreated(address(this));
    }
}

contract PoolFactory {
    mapping(address => address) public poolOf;

    function create(address hook) external returns (address) {
        require(poolOf[hook] == address(0), "exists");
        Pool p = new Pool();
        p.initialize(hook); // expect: reentrancy-state@9:state-after-call
        poolOf[hook] = address(p);
        return address(p);
    }

    /// An address the caller names may hold any code, whatever type the source gives it.
    function adopt(address pool, address hook) external {
        require(poolOf[hook] == address(0), "exists");
        Pool(pool).initialize(hook); // expect: reentrancy-state@9:state-after-call
        poolOf[hook] = pool;
    }
}
