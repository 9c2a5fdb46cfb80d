// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Checks of the caller inside a loop that do not cover every element later sent: each of these
// lets a caller with no grant for a call still have the contract send ETH where they choose
// (the amount a parameter, so nothing ties it to a record of the caller).
contract PartlyChecked {
    struct Op {
        address target;
        uint256 value;
        bytes data;
    }

    mapping(address => mapping(address => bool)) public granted;

    receive() external payable {}

    function grant(address target) external {
        granted[msg.sender][target] = true;
    }

    // The checking loop walks another array than the one sent from.
    function otherArray(address[] calldata targets, Op[] calldata ops, uint256 amount) external {
        for (uint256 i = 0; i < targets.length; i++) {
            require(granted[msg.sender][targets[i]], "not granted");
        }
        for (uint256 i = 0; i < ops.length; i++) {
            (bool ok, ) = ops[i].target.call{value: amount}(ops[i].data); // expect: arbitrary-eth-send@27:arbitrary-recipient
            require(ok, "call failed");
        }
    }

    // Only the first element is checked.
    function firstOnly(Op[] calldata ops, uint256 amount) external {
        for (uint256 i = 0; i < ops.length; i++) {
            if (i == 0) require(granted[msg.sender][ops[i].target], "not granted");
        }
        for (uint256 i = 0; i < ops.length; i++) {
            (bool ok, ) = ops[i].target.call{value: amount}(ops[i].data); // expect: arbitrary-eth-send@27:arbitrary-recipient
            require(ok, "call failed");
        }
    }

    // The loop may stop before the last element is checked.
    function stopsEarly(Op[] calldata ops, uint256 amount) external {
        for (uint256 i = 0; i < ops.length; i++) {
            require(granted[msg.sender][ops[i].target], "not granted");
            if (ops[i].value == 0) break;
        }
        for (uint256 i = 0; i < ops.length; i++) {
            (bool ok, ) = ops[i].target.call{value: amount}(ops[i].data); // expect: arbitrary-eth-send@27:arbitrary-recipient
            require(ok, "call failed");
        }
    }

    // An element can be skipped before its check.
    function skipsSome(Op[] calldata ops, uint256 amount) external {
        for (uint256 i = 0; i < ops.length; i++) {
            if (ops[i].data.length == 0) continue;
            require(granted[msg.sender][ops[i].target], "not granted");
        }
        for (uint256 i = 0; i < ops.length; i++) {
            (bool ok, ) = ops[i].target.call{value: amount}(ops[i].data); // expect: arbitrary-eth-send@27:arbitrary-recipient
            require(ok, "call failed");
        }
    }

    // The checks run only on one branch.
    function sometimes(Op[] calldata ops, bool strict, uint256 amount) external {
        if (strict) {
            for (uint256 i = 0; i < ops.length; i++) {
                require(granted[msg.sender][ops[i].target], "not granted");
            }
        }
        for (uint256 i = 0; i < ops.length; i++) {
            (bool ok, ) = ops[i].target.call{value: amount}(ops[i].data); // expect: arbitrary-eth-send@27:arbitrary-recipient
            require(ok, "call failed");
        }
    }

    // The helper is handed a slice: not the collection that was checked, element for element.
    function handsSlice(Op[] calldata ops) external {
        for (uint256 i = 0; i < ops.length; i++) {
            require(granted[msg.sender][ops[i].target], "not granted");
        }
        _run(ops[1:]);
    }

    function _run(Op[] calldata ops) internal {
        for (uint256 i = 0; i < ops.length; i++) {
            (bool ok, ) = ops[i].target.call{value: ops[i].value}(ops[i].data); // expect: arbitrary-eth-send@27:arbitrary-recipient
            require(ok, "call failed");
        }
    }
}

// A memory array is shared by reference: an element rewritten after its check is no longer
// what was checked. The sends come before the checks in the last function.
contract RewrittenAfterCheck {
    mapping(address => mapping(address => bool)) public mayPay;

    receive() external payable {}

    function allow(address payee) external {
        mayPay[msg.sender][payee] = true;
    }

    function payAll(address payable[] memory payees, address payable extra, uint256 each) public {
        for (uint256 i = 0; i < payees.length; i++) {
            require(mayPay[msg.sender][payees[i]], "not allowed");
        }
        payees[0] = extra;
        for (uint256 i = 0; i < payees.length; i++) {
            payees[i].transfer(each); // expect: arbitrary-eth-send@13:arbitrary-recipient
        }
    }

    function checkAfter(address payable[] calldata payees, uint256 each) external {
        for (uint256 i = 0; i < payees.length; i++) {
            payees[i].transfer(each); // expect: arbitrary-eth-send@13:arbitrary-recipient
        }
        for (uint256 i = 0; i < payees.length; i++) {
            require(mayPay[msg.sender][payees[i]], "not allowed");
        }
    }

    // The send loop runs one element past the checked ones.
    function pastTheEnd(address payable[] calldata payees, address payable[] calldata more, uint256 each) external {
        for (uint256 i = 0; i < payees.length; i++) {
            require(mayPay[msg.sender][payees[i]], "not allowed");
        }
        for (uint256 i = 0; i < more.length; i++) {
            more[i].transfer(each); // expect: arbitrary-eth-send@13:arbitrary-recipient
        }
    }
}

// The checking helper can return before it has checked every element, and its caller goes on
// to pay them all.
contract HelperReturnsEarly {
    mapping(address => mapping(address => bool)) public mayPay;

    receive() external payable {}

    function allow(address payee) external {
        mayPay[msg.sender][payee] = true;
    }

    function payAll(address payable[] calldata payees, uint256 each) external {
        _checkAll(payees);
        for (uint256 i = 0; i < payees.length; i++) {
            payees[i].transfer(each); // expect: arbitrary-eth-send@13:arbitrary-recipient
        }
    }

    function _checkAll(address payable[] calldata payees) internal view {
        for (uint256 i = 0; i < payees.length; i++) {
            if (payees[i] == address(0)) return;
            require(mayPay[msg.sender][payees[i]], "not allowed");
        }
    }
}

// The check runs on one branch, the send on the other.
contract CheckOnOtherBranch {
    mapping(address => bool) public operators;

    receive() external payable {}

    function pay(address payable to, uint256 amount, bool strict) external {
        if (strict) {
            require(operators[msg.sender], "operator");
        } else {
            to.transfer(amount); // expect: arbitrary-eth-send@13:arbitrary-recipient
        }
    }
}
