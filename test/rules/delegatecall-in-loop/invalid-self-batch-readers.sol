// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {CreditsPayment} from "./valid-base-vault.sol";

/// msg.value is read by an internal helper a batched entry point calls.
contract ThroughHelper {
    mapping(address => uint256) public credit;

    function batch(bytes[] calldata calls) external payable {
        for (uint256 i = 0; i < calls.length; i++) {
            (bool ok, ) = address(this).delegatecall(calls[i]); // expect: delegatecall-in-loop@27:payable-loop-delegatecall
            require(ok);
        }
    }

    function deposit(address to) external payable {
        _credit(to);
    }

    function _credit(address to) internal {
        credit[to] += msg.value;
    }
}

/// msg.value is read by a modifier of a batched entry point.
contract ThroughModifier {
    mapping(address => uint256) public credit;
    uint256 public lastPayment;

    modifier recordsPayment() {
        lastPayment = msg.value;
        _;
    }

    function batch(bytes[] calldata calls) external payable {
        for (uint256 i = 0; i < calls.length; i++) {
            (bool ok, ) = address(this).delegatecall(calls[i]); // expect: delegatecall-in-loop@27:payable-loop-delegatecall
            require(ok);
        }
    }

    function deposit(address to) external payable recordsPayment {
        credit[to] += lastPayment;
    }
}

/// msg.value is read by an entry point inherited from a base declared in another file.
contract ThroughBase is CreditsPayment {
    function batch(bytes[] calldata calls) external payable {
        for (uint256 i = 0; i < calls.length; i++) {
            (bool ok, ) = address(this).delegatecall(calls[i]); // expect: delegatecall-in-loop@27:payable-loop-delegatecall
            require(ok);
        }
    }
}

/// msg.value is read in inline assembly.
contract ThroughAssembly {
    mapping(address => uint256) public credit;

    function batch(bytes[] calldata calls) external payable {
        for (uint256 i = 0; i < calls.length; i++) {
            (bool ok, ) = address(this).delegatecall(calls[i]); // expect: delegatecall-in-loop@27:payable-loop-delegatecall
            require(ok);
        }
    }

    function deposit(address to) external payable {
        uint256 v;
        assembly {
            v := callvalue()
        }
        credit[to] += v;
    }
}

/// A batched entry point delegatecalls an address the caller picks: whatever code that is, it
/// runs with the batch's msg.value.
contract ThroughCallerCode {
    function batch(bytes[] calldata calls) external payable {
        for (uint256 i = 0; i < calls.length; i++) {
            (bool ok, ) = address(this).delegatecall(calls[i]); // expect: delegatecall-in-loop@27:payable-loop-delegatecall
            require(ok);
        }
    }

    function run(address code, bytes calldata data) external payable {
        (bool ok, ) = code.delegatecall(data);
        require(ok);
    }
}

/// A batched entry point delegatecalls modules only the owner registers: the contract's own code
/// reads no msg.value, but what the modules do with it is not in view (low).
contract ThroughRegisteredModule {
    address public immutable owner;
    mapping(address => bool) public modules;

    constructor() {
        owner = msg.sender;
    }

    function setModule(address module, bool on) external {
        require(msg.sender == owner, "owner");
        modules[module] = on;
    }

    function batch(bytes[] calldata calls) external payable {
        for (uint256 i = 0; i < calls.length; i++) {
            (bool ok, ) = address(this).delegatecall(calls[i]); // expect: delegatecall-in-loop@27:role-chosen-code
            require(ok);
        }
    }

    function moduleCall(address module, bytes calldata data) external payable returns (bytes memory out) {
        require(modules[module], "unknown module");
        bool ok;
        (ok, out) = module.delegatecall(data);
        require(ok);
    }
}
