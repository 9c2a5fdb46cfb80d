// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Notifier {
    function notify(address to) external {
        (bool ok, ) = to.call{gas: 5000}(""); // expect: hardcoded-gas@23:fixed-gas
        require(ok);
    }
}
