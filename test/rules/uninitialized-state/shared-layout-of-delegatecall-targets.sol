// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// A storage layout shared by a router and the modules it delegatecalls into: every module
/// runs in the router's storage, so a variable one module (or the router) writes is set for
/// the module that only reads it. A variable nothing in the family ever writes is still zero.
abstract contract Layout {
    address internal admin;
    mapping(bytes4 => address) internal moduleOf;
    uint256 internal feeBps;
    address internal feeSink; // expect: uninitialized-state@5:never-assigned

    modifier onlyAdmin() {
        require(msg.sender == admin, "admin");
        _;
    }
}

contract Router is Layout {
    constructor(address admin_, address config) {
        admin = admin_;
        moduleOf[ConfigModule.setFee.selector] = config;
    }

    fallback() external payable {
        address m = moduleOf[msg.sig];
        require(m != address(0), "no module");
        (bool ok, bytes memory out) = m.delegatecall(msg.data);
        require(ok, "failed");
        assembly {
            return(add(out, 32), mload(out))
        }
    }
}

contract ConfigModule is Layout {
    function setFee(uint256 bps) external onlyAdmin {
        feeBps = bps;
    }
}

contract QuoteModule is Layout {
    function quote(uint256 amount) external view returns (uint256 fee, address sink) {
        fee = (amount * feeBps) / 10_000;
        sink = feeSink;
    }
}
