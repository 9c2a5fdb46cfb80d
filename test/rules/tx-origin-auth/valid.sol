// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract NoContracts {
    event Called(address origin);

    // Checking that the caller is an externally owned account is not authorization.
    function onlyEoa() external {
        require(tx.origin == msg.sender, "no contracts");
        emit Called(tx.origin);
    }
}
