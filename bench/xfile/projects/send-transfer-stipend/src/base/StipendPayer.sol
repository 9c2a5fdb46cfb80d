// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Three ways to pay: with the 2300-gas stipend (transfer, send) or forwarding all gas (call).
abstract contract StipendPayer {
    function _payWithStipend(address to, uint256 amount) internal {
        payable(to).transfer(amount);
    }

    function _trySendStipend(address to, uint256 amount) internal returns (bool) {
        return payable(to).send(amount);
    }

    function _payWithAllGas(address to, uint256 amount) internal {
        (bool ok, ) = payable(to).call{value: amount}("");
        require(ok, "payment failed");
    }
}
