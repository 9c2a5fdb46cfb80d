// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

library Payout {
    function pay(address to, uint256 amount) internal {
        require(to != address(0), "zero");
        (bool ok, ) = to.call{value: amount}("");
        require(ok, "failed");
    }
}

/// A batch runner that keeps no ETH between transactions: no receive, no payable fallback,
/// and its one payable function hands what is left back at its end. Whatever it sends within
/// a call is what that call brought in, so sending it where the caller says spends only the
/// caller's own ETH.
contract Relayer {
    struct Step {
        address to;
        uint256 amount;
        bytes data;
    }

    function run(Step[] calldata steps) public payable virtual {
        for (uint256 i = 0; i < steps.length; i++) {
            (bool ok, ) = steps[i].to.call{value: steps[i].amount}(steps[i].data); // no finding: only the caller's own ETH moves
            require(ok, "step failed");
        }
        if (address(this).balance > 0) {
            Payout.pay(msg.sender, address(this).balance);
        }
    }
}

/// An override whose last act is the base's run, which sweeps at its end: still keeps nothing.
contract CountingRelayer is Relayer {
    uint256 public runs;

    function run(Step[] calldata steps) public payable override {
        runs += 1;
        super.run(steps);
    }
}

/// The same runner, but it can take ETH at any time: what others left in it is anyone's to send.
contract OpenRelayer {
    struct Step {
        address to;
        uint256 amount;
    }

    function run(Step[] calldata steps) external payable {
        for (uint256 i = 0; i < steps.length; i++) {
            (bool ok, ) = steps[i].to.call{value: steps[i].amount}(""); // expect: arbitrary-eth-send@27:arbitrary-recipient
            require(ok, "step failed");
        }
        payable(msg.sender).transfer(address(this).balance);
    }

    receive() external payable {}
}

/// No receive, but the payable function keeps what the caller overpaid: the next caller can send it away.
contract LeakyRelayer {
    function forward(address payable to, uint256 amount) external payable {
        (bool ok, ) = to.call{value: amount}(""); // expect: arbitrary-eth-send@23:arbitrary-recipient
        require(ok, "failed");
    }
}
