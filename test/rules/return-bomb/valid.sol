// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Relayer {
    event Failed(address target);

    // Without a gas cap the callee could spend the caller's gas anyway.
    function relay(address target, bytes calldata data) external {
        (bool ok, ) = target.call(data);
        if (!ok) emit Failed(target);
    }

    // Copying a bounded amount of returndata in assembly is the safe idiom.
    function relayBounded(address target, bytes calldata data) external returns (bool ok) {
        bytes memory payload = data;
        assembly {
            ok := call(100000, target, 0, add(payload, 0x20), mload(payload), 0, 0)
        }
    }
}
