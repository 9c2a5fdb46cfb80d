// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";

contract Vault is Initializable {
    address public owner;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(address _owner) external initializer {
        owner = _owner;
    }

    function upgradeTo(address impl) external {
        require(msg.sender == owner, "not owner");
        (bool ok, ) = impl.delegatecall("");
        require(ok);
    }
}

contract Config {
    address public admin = msg.sender;
    uint256 public rate;

    function init(uint256 r) external {
        require(msg.sender == admin, "not admin");
        rate = r;
    }
}
