// SPDX-License-Identifier: MIT
pragma solidity ^0.5.17;

contract Administered {
    address public admin;

    constructor() public {
        admin = msg.sender;
    }

    modifier onlyAdmin() {
        require(msg.sender == admin, "admin only");
        _;
    }

    function describe() public pure returns (string memory) {
        return "administered";
    }
}
