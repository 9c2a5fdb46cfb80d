// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Through `using … for address`, `x.delegate(data)` binds `x` to the library's first parameter and
// `data` to the second: delegating to this contract's own code with the caller's data gives the
// caller no code of their own to run; delegating to an address the caller passes does.
library Calls {
    function delegate(address target, bytes memory data) internal returns (bytes memory) {
        (bool ok, bytes memory ret) = target.delegatecall(data); // expect: controlled-delegatecall@39:controlled-target
        require(ok, "failed");
        return ret;
    }
}

contract Router {
    using Calls for address;

    function route(address module, bytes calldata data) external returns (bytes memory) {
        return module.delegate(data);
    }
}
