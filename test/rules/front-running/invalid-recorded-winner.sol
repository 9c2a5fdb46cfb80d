// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A bounty: the first account to submit a preimage of the target is recorded as the solver, and a
// separate claim pays whoever is recorded. The preimage is public in the mempool once submitted.
contract PreimageBounty {
    bytes32 public immutable target;
    address public solver;
    uint256 public reward;

    constructor(bytes32 target_) payable {
        target = target_;
        reward = msg.value;
    }

    function submit(bytes calldata preimage) external {
        if (sha256(preimage) != target) revert("no match"); // expect: front-running@13:reveal-reward
        if (solver != address(0)) revert("taken");
        solver = msg.sender;
    }

    function claimReward() external {
        if (msg.sender != solver) revert("not solver");
        uint256 amount = reward;
        reward = 0;
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "payment failed");
    }
}

// Bound to the submitter: each account first stores a digest of (itself, preimage, salt); only
// the account that stored it can later use that preimage.
contract SealedBounty {
    bytes32 public immutable target;
    address public solver;
    mapping(address => bytes32) public sealedOf;

    constructor(bytes32 target_) payable {
        target = target_;
    }

    function seal(bytes32 digest) external {
        sealedOf[msg.sender] = digest;
    }

    function open(bytes calldata preimage, uint256 salt) external {
        if (sealedOf[msg.sender] != keccak256(abi.encode(msg.sender, preimage, salt))) revert("not sealed");
        if (sha256(preimage) != target) revert("no match");
        if (solver != address(0)) revert("taken");
        solver = msg.sender;
    }

    function claimReward() external {
        if (msg.sender != solver) revert("not solver");
        payable(msg.sender).transfer(address(this).balance);
    }
}
