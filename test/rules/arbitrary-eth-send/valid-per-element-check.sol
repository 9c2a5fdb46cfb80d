// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A batch runner: each call's target and selector must be one the caller was granted, and a
// loop checks every element before any is run. The helper that runs them walks the same
// calldata array, handed over unchanged, so every call it makes (with the ETH it sends) is one
// the caller was allowed to make. An empty batch passes the checks and runs nothing.
contract GrantedBatch {
    struct Op {
        address target;
        uint256 value;
        bytes data;
    }

    address public admin = msg.sender;
    mapping(address => mapping(bytes4 => mapping(address => bool))) public granted;

    receive() external payable {}

    function grant(address who, bytes4 selector, address target) external {
        require(msg.sender == admin, "admin");
        granted[who][selector][target] = true;
    }

    function runGranted(Op[] calldata ops) external payable returns (bytes[] memory) {
        for (uint256 i = 0; i < ops.length; i++) {
            bytes4 selector = bytes4(ops[i].data[:4]);
            require(granted[msg.sender][selector][ops[i].target], "not granted");
        }
        return _run(ops);
    }

    // The length cached in a local and the step at the end of the body count as the same walk.
    function runGrantedCached(Op[] calldata ops, uint256 each) external {
        uint256 n = ops.length;
        for (uint256 i; i < n; ) {
            if (!granted[msg.sender][bytes4(ops[i].data[:4])][ops[i].target]) revert("not granted");
            unchecked {
                ++i;
            }
        }
        for (uint256 j; j < n; ++j) {
            (bool ok, ) = ops[j].target.call{value: each}(ops[j].data);
            require(ok, "call failed");
        }
    }

    function _run(Op[] calldata ops) internal returns (bytes[] memory results) {
        results = new bytes[](ops.length);
        for (uint256 i = 0; i < ops.length; i++) {
            (bool ok, bytes memory ret) = ops[i].target.call{value: ops[i].value}(ops[i].data);
            require(ok, "call failed");
            results[i] = ret;
        }
    }
}

// The caller is looked up by a mapping with the caller as its middle key: still a lookup of the
// caller in stored state. A memory array that is only read is as unchanged as a calldata one.
contract PayeeLists {
    mapping(uint256 => mapping(address => mapping(address => bool))) public mayPay;

    receive() external payable {}

    function allow(uint256 pool, address payee) external {
        mayPay[pool][msg.sender][payee] = true;
    }

    function payAll(uint256 pool, address payable[] memory payees, uint256 each) public {
        for (uint256 i = 0; i < payees.length; i += 1) {
            require(mayPay[pool][msg.sender][payees[i]], "not allowed");
        }
        _payEach(payees, each);
    }

    function _payEach(address payable[] memory payees, uint256 each) private {
        for (uint256 i = 0; i < payees.length; i = i + 1) {
            payees[i].transfer(each);
        }
    }
}

// The per-element checks sit in a helper handed the array; the payout helper gets the same array.
contract CheckedByHelper {
    mapping(address => mapping(address => bool)) public mayPay;

    receive() external payable {}

    function allow(address payee) external {
        mayPay[msg.sender][payee] = true;
    }

    function payAll(address payable[] calldata payees, uint256 each) external {
        _checkAll(payees);
        _payEach(payees, each);
    }

    function _checkAll(address payable[] calldata payees) internal view {
        for (uint256 i = 0; i < payees.length; i++) {
            require(mayPay[msg.sender][payees[i]], "not allowed");
        }
    }

    function _payEach(address payable[] calldata payees, uint256 each) internal {
        for (uint256 i = 0; i < payees.length; i++) {
            payees[i].transfer(each);
        }
    }
}

// A role table flattened into one mapping keyed by a hash of the role and the caller: looking it
// up is a lookup of the caller in stored state, like `roles[role][msg.sender]`.
contract HashedRoles {
    bytes32 public constant PAYER = keccak256("PAYER");
    mapping(bytes32 => bool) private hasRoleKey;

    constructor() {
        hasRoleKey[keccak256(abi.encode(PAYER, msg.sender))] = true;
    }

    receive() external payable {}

    function pay(address payable to, uint256 amount) external {
        require(hasRoleKey[keccak256(abi.encode(PAYER, msg.sender))], "not a payer");
        to.transfer(amount);
    }
}

// The check and the send in the same iteration, or in the same branch: the check runs first.
contract CheckThenSend {
    mapping(address => mapping(address => bool)) public mayPay;
    mapping(address => bool) public operators;

    receive() external payable {}

    function allow(address payee) external {
        mayPay[msg.sender][payee] = true;
    }

    function payEach(address payable[] calldata payees, uint256 each) external {
        for (uint256 i = 0; i < payees.length; i++) {
            if (!mayPay[msg.sender][payees[i]]) revert("not allowed");
            payees[i].transfer(each);
        }
    }

    function pay(address payable to, uint256 amount, bool now_) external returns (bool) {
        if (now_) {
            require(operators[msg.sender], "operator");
            to.transfer(amount);
            return true;
        }
        return false;
    }
}
