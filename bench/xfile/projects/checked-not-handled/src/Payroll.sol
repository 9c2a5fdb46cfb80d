// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {PayoutBook} from "./base/PayoutBook.sol";

contract Payroll is PayoutBook {
    function payIgnoringOutcome() external {
        uint256 v = _take(msg.sender);
        (bool ok, ) = payable(msg.sender).call{value: v}("");
        ok || true;
    }

    function payEmptyBranch() external {
        uint256 v = _take(msg.sender);
        (bool ok, ) = payable(msg.sender).call{value: v}("");
        if (!ok) {}
    }

    function payCounting() external {
        uint256 v = _take(msg.sender);
        (bool ok, ) = payable(msg.sender).call{value: v}("");
        if (!ok) failedPayouts++;
    }

    function payThroughTally() external {
        uint256 v = _take(msg.sender);
        (bool ok, ) = payable(msg.sender).call{value: v}("");
        _tally(ok);
    }

    function payRequired() external {
        uint256 v = _take(msg.sender);
        (bool ok, ) = payable(msg.sender).call{value: v}("");
        require(ok, "payout failed");
    }

    function payReverting() external {
        uint256 v = _take(msg.sender);
        (bool ok, ) = payable(msg.sender).call{value: v}("");
        if (!ok) revert PayoutFailed(msg.sender);
    }

    function payThroughEnsure() external {
        uint256 v = _take(msg.sender);
        (bool ok, ) = payable(msg.sender).call{value: v}("");
        _ensure(ok, msg.sender);
    }
}
