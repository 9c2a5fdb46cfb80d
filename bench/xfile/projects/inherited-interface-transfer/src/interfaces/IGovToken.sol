// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IBasicToken} from "./IBasicToken.sol";

interface IGovToken is IBasicToken {
    function delegate(address delegatee) external;
    function getVotes(address account) external view returns (uint256);
}
