// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

abstract contract Delegator {
    function _delegateTo(address target, bytes memory data) internal returns (bytes memory) {
        (bool ok, bytes memory ret) = target.delegatecall(data);
        require(ok, "delegate failed");
        return ret;
    }
}
