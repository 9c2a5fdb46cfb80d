pragma solidity ^0.5.0;

contract OldFees {
    uint256 public constant rate = 7; // expect: constant-state@20:could-be-constant

    function fee(uint256 amount) external view returns (uint256) {
        return amount * rate;
    }
}
