// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Used {
    address public owner;

    function legacy() external view returns (bool) {
        // The suppression below hides a real finding, so it is used.
        // synor-disable-next-line tx-origin-auth
        return tx.origin == owner;
    }

    function foreign() external view returns (bool) {
        // Other tools' comments are never reported as unused by Synor.
        // slither-disable-next-line naming-convention
        return msg.sender == owner;
    }
}
