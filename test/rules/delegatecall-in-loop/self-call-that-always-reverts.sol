// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// A payable batch of dry runs: each iteration delegatecalls a function of this contract that
/// reverts on every path, so whatever it would credit from msg.value is undone. A batch of
/// self-calls into a function that keeps its effects still counts one payment many times.
contract PaidDryRun {
    error Outcome(uint256 credited);

    mapping(address => uint256) public credit;

    function quote(address who) external payable {
        credit[who] += msg.value;
        revert Outcome(credit[who]);
    }

    function deposit(address who) external payable {
        credit[who] += msg.value;
    }

    function quoteAll(address[] calldata whos) external payable returns (bytes[] memory outs) {
        outs = new bytes[](whos.length);
        for (uint256 i = 0; i < whos.length; i++) {
            (, outs[i]) = address(this).delegatecall(abi.encodeWithSelector(this.quote.selector, whos[i]));
        }
    }

    function depositAll(address[] calldata whos) external payable {
        for (uint256 i = 0; i < whos.length; i++) {
            (bool ok, ) = address(this).delegatecall(abi.encodeWithSelector(this.deposit.selector, whos[i])); // expect: delegatecall-in-loop@27:payable-loop-delegatecall
            require(ok, "deposit");
        }
    }
}
