// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

contract Payer {
    IERC20 public immutable token;

    constructor(IERC20 t) {
        token = t;
    }

    function pay(address to, uint256 amount) external {
        require(msg.sender == to, "self only");
        token.transfer(to, amount); // expect: unchecked-erc20-transfer@9:ignored-result
    }

    function collect(uint256 amount) external {
        token.transferFrom(msg.sender, address(this), amount); // expect: unchecked-erc20-transfer@9:ignored-result
    }
}

/// Shares of a pool created by a known factory: the address is computed with CREATE2 from a
/// constant init-code hash, so the token's code is the pool's own, pinned by this source.
library PoolAddress {
    bytes32 internal constant POOL_CODE_HASH = 0x1111111111111111111111111111111111111111111111111111111111111111;

    function compute(address deployer, address a, address b) internal pure returns (address pool) {
        pool = address(uint160(uint256(keccak256(abi.encodePacked(hex"ff", deployer, keccak256(abi.encodePacked(a, b)), POOL_CODE_HASH)))));
    }

    /// The init-code hash comes from the caller: any code can sit at such an address.
    function computeWith(address deployer, bytes32 salt, bytes32 codeHash) internal pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), deployer, salt, codeHash)))));
    }
}

contract Router {
    address public immutable deployer;

    constructor(address d) {
        deployer = d;
    }

    function withdrawShares(address a, address b, uint256 shares) external {
        address pool = PoolAddress.compute(deployer, a, b);
        IERC20(pool).transferFrom(msg.sender, pool, shares); // expect: unchecked-erc20-transfer@9:ignored-result-pinned-token
    }

    function withdrawFrom(bytes32 salt, bytes32 codeHash, uint256 shares) external {
        address pool = PoolAddress.computeWith(deployer, salt, codeHash);
        IERC20(pool).transferFrom(msg.sender, pool, shares); // expect: unchecked-erc20-transfer@9:ignored-result
    }
}
