// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IGame {
    function start() external payable;
}

/// Minimal-proxy creation: the new contract delegates every call to `impl`.
library ProxyMaker {
    function cloneOf(address impl, bytes memory args) internal returns (address made) {
        bytes memory code = abi.encodePacked(
            hex"3d602d80600a3d3981f3363d3d373d3d3d363d73",
            impl,
            hex"5af43d82803e903d91602b57fd5bf3",
            args
        );
        assembly {
            made := create(0, add(code, 32), mload(code))
        }
        require(made != address(0), "create failed");
    }

    function cloneOf(address impl) internal returns (address made) {
        return cloneOf(impl, "");
    }

    function deployCode(bytes memory code) internal returns (address made) {
        assembly {
            made := create(0, add(code, 32), mload(code))
        }
        require(made != address(0), "create failed");
    }
}

/// A factory clones the implementation its owner registered, funds the clone through its
/// initializer, then records it. The clone runs the owner's chosen code: a re-entry needs
/// that code to call back. Cloning an implementation the caller names, or deploying code
/// the caller passes, hands control to code the caller wrote.
contract GameFactory {
    using ProxyMaker for address;

    address public owner;
    mapping(uint8 => address) public implOf;
    address[] public games;
    mapping(address => bool) public isGame;

    constructor() {
        owner = msg.sender;
    }

    function setImplementation(uint8 kind, address impl) external {
        require(msg.sender == owner, "owner");
        implOf[kind] = impl;
    }

    function create(uint8 kind, bytes32 root) external payable returns (IGame game) {
        address impl = implOf[kind];
        require(impl != address(0), "no impl");
        game = IGame(impl.cloneOf(abi.encodePacked(msg.sender, root)));
        game.start{value: msg.value}(); // expect: reentrancy-eth@9:eth-to-trusted-callee
        games.push(address(game));
        isGame[address(game)] = true;
    }

    function createFrom(address impl, bytes32 root) external payable returns (IGame game) {
        game = IGame(ProxyMaker.cloneOf(impl, abi.encodePacked(msg.sender, root)));
        require(games.length < 1000, "full");
        game.start{value: msg.value}(); // expect: reentrancy-eth@9:state-after-eth
        games.push(address(game));
    }

    function deploy(bytes memory code) external payable returns (IGame game) {
        game = IGame(ProxyMaker.deployCode(code));
        require(!isGame[address(game)], "known");
        game.start{value: msg.value}(); // expect: reentrancy-eth@9:state-after-eth
        isGame[address(game)] = true;
    }
}
