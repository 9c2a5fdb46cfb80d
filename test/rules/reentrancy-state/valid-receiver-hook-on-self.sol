// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A token whose safe transfer calls the receiver's hook. Staking moves the caller's token to this
// contract itself: the hook that runs is this contract's own, so no stranger gets control before
// the stake is recorded.
interface IReceiver {
    function onReceived(address operator, address from, uint256 id) external returns (bytes4);
}

contract StakedTokens {
    mapping(uint256 => address) public ownerOf;
    mapping(uint256 => address) public stakedBy;

    function _move(address from, address to, uint256 id) internal {
        require(ownerOf[id] == from, "not owner");
        ownerOf[id] = to;
    }

    function _safeMove(address from, address to, uint256 id) internal {
        _move(from, to, id);
        if (to.code.length > 0) {
            require(IReceiver(to).onReceived(msg.sender, from, id) == IReceiver.onReceived.selector, "rejected");
        }
    }

    function stake(uint256 id) external {
        _safeMove(msg.sender, address(this), id);
        stakedBy[id] = msg.sender;
    }

    function onReceived(address, address, uint256) external pure returns (bytes4) {
        return IReceiver.onReceived.selector;
    }
}
