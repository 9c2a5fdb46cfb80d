// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Relayer {
    event Failed(address target);

    function relay(address target, bytes calldata data) external {
        (bool ok, ) = target.call{gas: 100_000}(data); // expect: return-bomb@23:unbounded-returndata
        if (!ok) emit Failed(target);
    }

    function notify(address hook) external {
        (bool ok, bytes memory ret) = hook.call{value: 0, gas: 50_000}(""); // expect: return-bomb@39:unbounded-returndata
        require(ok && ret.length == 0);
    }
}
