// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Summing the amounts proves nothing unless the sum is held to msg.value.
contract LooseSplitter {
    struct Part {
        address payable to;
        uint256 value;
    }

    event Sent(uint256 total);

    function split(Part[] calldata parts) external payable {
        uint256 total;
        for (uint256 i = 0; i < parts.length; i++) {
            uint256 v = parts[i].value;
            total += v;
            (bool ok, ) = parts[i].to.call{value: v}(""); // expect: arbitrary-eth-send@27:arbitrary-recipient
            require(ok, "send failed");
        }
        require(total > 0, "nothing sent");
        emit Sent(total);
    }
}
