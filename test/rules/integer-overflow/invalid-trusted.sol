// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

contract Members {
    address public admin;
    uint256 public count;
    uint256 public constant limit = 10;
    mapping(uint256 => address) public holderOf;
    mapping(uint256 => uint256) public stake;

    constructor() public {
        admin = msg.sender;
        period = 1 days;
    }

    modifier onlyAdmin() {
        require(msg.sender == admin, "admin");
        _;
    }

    modifier selfCall() {
        require(msg.sender == address(this), "self");
        _;
    }

    // Only the admin reaches it: a wrap here is the admin's own mistake.
    function shrink() external onlyAdmin {
        count = count - 1; // expect: integer-overflow@17:trusted-callers
    }

    // Only the contract itself (a batch it runs) reaches it.
    function drop(uint256 n) external selfCall {
        count -= n; // expect: integer-overflow@9:trusted-callers
    }

    // A per-item record is not a trusted role: each holder passes the check for their own item.
    modifier holds(uint256 id) {
        require(holderOf[id] == msg.sender, "holder");
        _;
    }

    function withdraw(uint256 id, uint256 amount) external holds(id) {
        stake[id] = stake[id] - amount; // expect: integer-overflow@21:unchecked-compiler
    }

    // Operands that no caller chooses: a period the deployer fixed and the block time.
    uint256 public period;
    uint256 public nextRound;

    function roll() external {
        nextRound = block.timestamp + period; // expect: integer-overflow@21:uncontrolled-operands
    }

    // One caller-chosen operand keeps the full severity.
    function extend(uint256 extra) external {
        nextRound = nextRound + extra; // expect: integer-overflow@21:unchecked-compiler
    }

    // A parameter of a private helper whose caller checks the value first: not picked freely.
    uint256 public due;

    function schedule(uint256 wait) external {
        require(wait <= 30 days, "too long");
        _queue(wait);
    }

    function _queue(uint256 wait) private {
        due = block.timestamp + wait; // expect: integer-overflow@15:uncontrolled-operands
    }

    // The same helper shape with an unchecked caller keeps the full severity.
    function scheduleAny(uint256 wait) external {
        _queueAny(wait);
    }

    function _queueAny(uint256 wait) private {
        due = block.timestamp + wait; // expect: integer-overflow@15:unchecked-compiler
    }

    // A constant operand by its declaration, whatever its spelling: `limit * 2` cannot wrap.
    function cap() external pure returns (uint256) {
        return limit * 2;
    }
}
