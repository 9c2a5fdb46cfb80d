// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Through `using … for address`, `address(this).delegate(data)` binds this contract's address to
// the library's first parameter and the caller's data to the second: the caller runs no code of
// their own, only this contract's.
library Calls {
    function delegate(address target, bytes memory data) internal returns (bytes memory) {
        (bool ok, bytes memory ret) = target.delegatecall(data);
        require(ok, "failed");
        return ret;
    }
}

contract Multicall {
    using Calls for address;

    function self(bytes calldata data) external returns (bytes memory) {
        return address(this).delegate(data);
    }
}
