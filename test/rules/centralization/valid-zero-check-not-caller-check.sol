// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Anyone may call start() once; the helper it passes the caller to only rejects the zero address.
// Comparing an account with address(0) says nothing about who calls, so start() is not a power
// reserved to a privileged account.
contract Game {
    address public host;
    bool private started;

    function _setHost(address who) internal {
        if (who == address(0)) {
            revert();
        }
        host = who;
    }

    function start() external {
        require(!started, "started");
        started = true;
        _setHost(msg.sender);
    }
}

// A view that answers differently for a trusted forwarder changes nothing: it is no power over users.
interface IForwarders {
    function isTrusted(address who) external view returns (bool);
}

contract Context2771 {
    IForwarders public immutable forwarders;

    constructor(IForwarders f) {
        forwarders = f;
    }

    function sender() public view returns (address s) {
        if (forwarders.isTrusted(msg.sender)) {
            assembly {
                s := shr(96, calldataload(sub(calldatasize(), 20)))
            }
        } else {
            return msg.sender;
        }
    }
}
