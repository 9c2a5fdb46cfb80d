// SPDX-License-Identifier: MIT
pragma solidity ^0.5.17;

import "./base/Administered.sol";

contract Counter is Administered {
    uint256 public count;

    function describe() public pure returns (string memory) {
        return "counter";
    }

    function bump(uint256 step) external onlyAdmin returns (uint256) {
        uint256 admin = step;
        count += admin;
        return count;
    }
}
