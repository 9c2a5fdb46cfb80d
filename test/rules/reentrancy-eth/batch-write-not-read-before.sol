// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IResolver {
    function onRecord(bytes32 id) external payable returns (bool);
}

/// A batch that stores each record (checked and written) before paying the record's resolver:
/// the next record's write follows this payment but is checked again after it, so a re-entry
/// gains nothing from the old value (low). A refund read before the payment and cleared after
/// it is the real hazard.
contract Registry {
    mapping(bytes32 => address) public recordOf;
    mapping(address => uint256) public refunds;

    function recordMany(bytes32[] calldata ids, IResolver[] calldata resolvers, uint256[] calldata values) external payable {
        uint256 left = msg.value;
        for (uint256 i = 0; i < ids.length; i++) {
            require(recordOf[ids[i]] == address(0), "taken");
            recordOf[ids[i]] = msg.sender;
            left -= values[i];
            require(resolvers[i].onRecord{value: values[i]}(ids[i]), "rejected"); // expect: reentrancy-eth@21:eth-write-not-read-before
        }
    }

    function credit() external payable {
        refunds[msg.sender] += msg.value;
    }

    function refund() external {
        uint256 amount = refunds[msg.sender];
        (bool ok, ) = msg.sender.call{value: amount}(""); // expect: reentrancy-eth@23:state-after-eth
        require(ok, "send");
        refunds[msg.sender] = 0;
    }
}
