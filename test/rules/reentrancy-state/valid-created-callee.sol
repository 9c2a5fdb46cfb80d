// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IPool {
    function initialize(address a) external;
}

/// A contract this source creates: its code is known, and initialize() calls nothing out.
contract Pool is IPool {
    address public immutable factory;
    address public asset;

    constructor() {
        factory = msg.sender;
    }

    function initialize(address a) external {
        require(msg.sender == factory, "factory only");
        asset = a;
    }
}

contract PoolFactory {
    mapping(address => address) public poolOf;
    address[] public pools;

    /// `new`: the callee runs Pool's code, which cannot call back.
    function create(address a) external returns (address) {
        require(poolOf[a] == address(0), "exists");
        Pool p = new Pool();
        p.initialize(a);
        poolOf[a] = address(p);
        pools.push(address(p));
        return address(p);
    }

    /// The same with CREATE2 in assembly from Pool's creation code.
    function createDeterministic(address a) external returns (address pool) {
        require(poolOf[a] == address(0), "exists");
        bytes memory code = type(Pool).creationCode;
        bytes32 salt = keccak256(abi.encodePacked(a));
        assembly {
            pool := create2(0, add(code, 32), mload(code), salt)
        }
        IPool(pool).initialize(a);
        poolOf[a] = pool;
        pools.push(pool);
    }
}
