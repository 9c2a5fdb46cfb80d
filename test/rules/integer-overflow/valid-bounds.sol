// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

// Arithmetic that wraps on this compiler but cannot here: bounded by the operands'
// declared widths, by the EVM, by a helper that reverts, or by an array's bounds check.
contract Bounded {
    uint224 public price;
    uint32 public elapsed;
    uint256[] public queue;
    uint256 public spent;
    mapping(address => uint256) public balance;

    function _require(bool ok, uint256 code) internal pure {
        if (!ok) {
            revert(string(abi.encodePacked(code)));
        }
    }

    function cumulative() external view returns (uint256) {
        return uint256(price) * uint256(elapsed);
    }

    function previousHash() external view returns (bytes32) {
        return blockhash(block.number - 1);
    }

    function metered() external {
        uint256 start = gasleft();
        queue.push(start);
        spent = start - gasleft();
    }

    function last() external view returns (uint256) {
        return queue[queue.length - 1];
    }

    function pairs() external view returns (uint256 n) {
        for (uint256 i = 0; i < queue.length - 1; i++) {
            n = queue[i] ^ queue[i + 1];
        }
    }

    function take(uint256 amount) external {
        _require(balance[msg.sender] >= amount, 1);
        balance[msg.sender] = balance[msg.sender] - amount;
    }
}
