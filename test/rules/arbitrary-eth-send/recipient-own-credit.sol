// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Anyone may trigger a payout of an account's recorded credit to that same account:
// the ETH goes where the record says it belongs. Paying one account's credit to an
// address the caller names is still theft of that credit.
contract Bonds {
    mapping(address => uint256) public credit;

    function post(address beneficiary) external payable {
        credit[beneficiary] += msg.value;
    }

    function claimFor(address recipient) external {
        uint256 owed = credit[recipient];
        credit[recipient] = 0;
        require(owed > 0, "nothing");
        (bool ok, ) = recipient.call{value: owed}("");
        require(ok, "send");
    }

    function claimDirect(address payable recipient) external {
        (bool ok, ) = recipient.call{value: credit[recipient]}("");
        require(ok, "send");
        credit[recipient] = 0;
    }

    function sweep(address from, address to) external {
        uint256 owed = credit[from];
        credit[from] = 0;
        (bool ok, ) = to.call{value: owed}(""); // expect: arbitrary-eth-send@23:arbitrary-recipient
        require(ok, "send");
    }
}
