// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Checked {
    event Failed(address to);

    function viaRequire(address to) external {
        (bool ok, ) = to.call("");
        require(ok, "call failed");
    }

    function viaIf(address to) external {
        (bool ok, bytes memory data) = to.call("");
        if (!ok) {
            emit Failed(to);
        }
        data;
    }

    function returned(address to) external returns (bool) {
        (bool ok, ) = to.call("");
        return ok;
    }

    // A member named `call` on a struct-typed library value is not a low-level call result we can judge;
    // here the call's flag is passed on to the caller.
    function passOn(address to) external returns (bool ok) {
        (ok, ) = to.staticcall(abi.encodeWithSignature("x()"));
    }
}
