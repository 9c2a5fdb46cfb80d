// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Notifier {
    function notify(address to) external {
        (bool ok, ) = to.call{gas: gasleft() - 10000}("");
        require(ok);
        (ok, ) = to.call("");
        require(ok);
    }
}
