// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Game {
    uint256 public deposits;

    function deposit() external payable {
        deposits += msg.value;
    }

    function finish() external view returns (bool) {
        return address(this).balance >= 10 ether && deposits == 10 ether;
    }

    // A before/after snapshot within one call: did this call move ETH?
    function sent(address payable to) external {
        uint256 before = address(this).balance;
        (bool ok, ) = to.call{value: 1}("");
        ok;
        require(address(this).balance != before, "nothing sent");
    }

    // A balance is unsigned: `!= 0` is `> 0`, an ordering check (what ne-zero turns `> 0` into).
    function holdsEth() external view returns (bool) {
        return address(this).balance != 0;
    }

    // Whether an account holds any token at all is a fair question.
    function holdsNone(IERC20 token, address who) external view returns (bool) {
        return token.balanceOf(who) == 0;
    }
}

interface IERC20 {
    function balanceOf(address) external view returns (uint256);
}
