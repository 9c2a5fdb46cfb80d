// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IHook {
    function notify(address who) external;
}

contract Notifier {
    address[] public hooks;

    function addHook(address h) external {
        hooks.push(h);
    }

    // One hook that reverts stops every later one, and the whole transaction.
    function notifyAll() external {
        for (uint256 i = 0; i < hooks.length; i++) {
            IHook(hooks[i]).notify(msg.sender); // expect: calls-in-loop-dos@13:call-in-loop
        }
    }

    function ping(address h) internal {
        IHook(h).notify(msg.sender);
    }

    // The call out is in a helper, but the helper runs once per hook.
    function pingAll() external {
        for (uint256 i = 0; i < hooks.length; i++) {
            ping(hooks[i]); // expect: calls-in-loop-dos@13:helper-call-in-loop
        }
    }
}
