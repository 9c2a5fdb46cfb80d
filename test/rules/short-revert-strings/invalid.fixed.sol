// SPDX-License-Identifier: MIT
pragma solidity 0.7.6;

contract Guarded {
    address private owner = msg.sender;

    function check(uint256 x) external view returns (uint256) {
        require(msg.sender == owner, "caller is not the owner"); // expect: short-revert-strings@38:long-revert-string
        if (x == 50) revert("fifty is not accepted"); // expect: short-revert-strings@29:long-revert-string
        require(x < 100, "amount below one hundred"); // expect: short-revert-strings@26:long-revert-string
        // No shorter wording keeps the meaning: no fix is offered rather than a cut sentence.
        require(x != 7, "Vault: withdrawal amount exceeds the available balance for the account"); // expect: short-revert-strings@25:long-revert-string
        return x;
    }
}
