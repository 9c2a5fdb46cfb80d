// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Base {
    uint256 public count;

    // Called internally below: must stay public.
    function bump() public {
        ++count;
    }

    function bumpTwice() external {
        bump();
        bump();
    }

    // Called by the derived contract through super.
    function reset() public virtual {
        count = 0;
    }
}

contract Plain {
    uint256 public count;

    // No array, bytes or string parameter: public and external compile to the same code since 0.6.9.
    function bump() public {
        ++count;
    }
}

contract Derived is Base {
    function reset() public override {
        super.reset();
        count = 1;
    }
}
