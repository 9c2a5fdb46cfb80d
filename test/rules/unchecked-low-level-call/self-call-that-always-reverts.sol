// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Dry runs: each entry delegatecalls this contract's own `probe`, which runs the action and
/// then reverts with its outcome. The delegatecall always fails by design and the revert
/// data is the answer, so its flag says nothing. A self-call to a function that can succeed,
/// or one whose returned data is dropped, still loses failures.
contract DryRun {
    error Outcome(bool ok, bytes data);

    address private immutable self;
    uint256 public counter;

    constructor() {
        self = address(this);
    }

    function probe(address target, bytes calldata data) external {
        (bool ok, bytes memory out) = target.call(data);
        revert Outcome(ok, out);
    }

    function bump(uint256 by) external {
        counter += by;
    }

    function dryRunAll(address[] calldata targets, bytes[] calldata datas) external returns (bytes[] memory outs) {
        outs = new bytes[](targets.length);
        for (uint256 i = 0; i < targets.length; i++) {
            (, outs[i]) = self.delegatecall(abi.encodeWithSignature("probe(address,bytes)", targets[i], datas[i]));
        }
    }

    function dryRun(address target, bytes calldata data) external returns (bytes memory) {
        (, bytes memory out) = address(this).delegatecall(abi.encodeCall(this.probe, (target, data)));
        return out;
    }

    function bumpTwice(uint256 by) external returns (bytes memory) {
        (, bytes memory out) = self.delegatecall(abi.encodeCall(this.bump, (by))); // expect: unchecked-low-level-call@32:unchecked-result
        self.delegatecall(abi.encodeCall(this.bump, (by))); // expect: unchecked-low-level-call@9:unchecked-result
        return out;
    }

    function probeDropped(address target, bytes calldata data) external {
        address(this).delegatecall(abi.encodeCall(this.probe, (target, data))); // expect: unchecked-low-level-call@9:unchecked-result
    }
}
