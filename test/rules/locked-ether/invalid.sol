// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Donations { // expect: locked-ether@10:no-withdrawal
    mapping(address => uint256) public given;

    function donate() external payable {
        given[msg.sender] += msg.value;
    }
}

/// Reverting with a custom error constructs the error; it calls nothing that could send ETH.
abstract contract Guarded {
    error NotAllowed(address who);
    address internal keeper;

    function _check() internal view {
        if (msg.sender != keeper) revert NotAllowed(msg.sender);
    }
}

contract Collector is Guarded { // expect: locked-ether@10:no-withdrawal
    uint256 public total;

    function collect() external payable {
        _check();
        total += msg.value;
    }
}
