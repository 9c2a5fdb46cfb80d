// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IRouter {
    function swap(uint256 amountIn, uint256 minOut) external returns (uint256 amountOut);
    function poke() external;
}

contract Trader {
    IRouter public immutable router;
    event Swapped(uint256 out);

    constructor(IRouter r) {
        router = r;
    }

    function trade(uint256 amount) external {
        uint256 out = router.swap(amount, 0);
        require(out > 0, "nothing");
        emit Swapped(out);
        router.poke();
    }
}
