// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A token whose safe transfer calls the receiver's hook. Sending a token to an address the caller
// names hands control to that address before the record is written (see
// valid-receiver-hook-on-self.sol for the transfer to this contract itself).
interface IReceiver {
    function onReceived(address operator, address from, uint256 id) external returns (bytes4);
}

contract StakedTokens {
    mapping(uint256 => address) public ownerOf;
    mapping(uint256 => address) public stakedBy;
    mapping(address => uint256) public sent;

    function _move(address from, address to, uint256 id) internal {
        require(ownerOf[id] == from, "not owner");
        ownerOf[id] = to;
    }

    function _safeMove(address from, address to, uint256 id) internal {
        _move(from, to, id);
        if (to.code.length > 0) {
            require(IReceiver(to).onReceived(msg.sender, from, id) == IReceiver.onReceived.selector, "rejected"); // expect: reentrancy-state@21:write-not-read-before
        }
    }

    function give(address to, uint256 id) external {
        _safeMove(msg.sender, to, id);
        sent[msg.sender] += 1;
    }

    function onReceived(address, address, uint256) external pure returns (bytes4) {
        return IReceiver.onReceived.selector;
    }
}
