// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

/// The caller names the token and the amount is credited to one pool every token shares: a token
/// that keeps a fee leaves the pool short of what other tokens' depositors are owed (medium).
contract SharedPool {
    uint256 public totalDeposited;
    mapping(address => uint256) public sharesOf;

    function deposit(address token, uint256 amount) external {
        require(IERC20(token).transferFrom(msg.sender, address(this), amount)); // expect: weird-erc20@17:fee-on-transfer
        totalDeposited += amount;
        sharesOf[msg.sender] += amount;
    }
}

/// One balance per token: a fee-charging token short-changes only its own entries (low).
contract PerTokenBalances {
    mapping(address => mapping(address => uint256)) public balances;

    function deposit(address token, uint256 amount) external {
        require(IERC20(token).transferFrom(msg.sender, address(this), amount)); // expect: weird-erc20@17:fee-on-transfer-token-ledger
        balances[token][msg.sender] += amount;
    }
}

/// Isolated markets, each identified by a hash of its parameters (the token among them): every
/// credit is written under that id, directly or through a storage pointer (low).
contract IsolatedMarkets {
    struct Terms {
        address asset;
        address priceFeed;
        uint64 maxLtv;
    }

    struct Book {
        uint128 supplied;
        uint128 borrowed;
        uint64 openedAt;
    }

    mapping(bytes32 => Book) public books;
    mapping(bytes32 => mapping(address => uint256)) public claims;

    function open(Terms calldata terms) external {
        bytes32 key = keccak256(abi.encode(terms));
        require(books[key].openedAt == 0, "exists");
        books[key].openedAt = uint64(block.timestamp);
    }

    function lend(Terms calldata terms, uint256 amount, address beneficiary) external {
        bytes32 key = keccak256(abi.encode(terms));
        require(books[key].openedAt != 0, "no such book");
        uint256 claim = amount * 1e6;
        claims[key][beneficiary] += claim;
        Book storage book = books[key];
        book.supplied += uint128(amount);
        require(IERC20(terms.asset).transferFrom(msg.sender, address(this), amount)); // expect: weird-erc20@17:fee-on-transfer-token-ledger
    }

    /// A series keyed by a hash of a tuple that includes the token.
    mapping(bytes32 => uint256) public series;

    function fund(address token, uint256 maturity, uint256 amount) external {
        require(IERC20(token).transferFrom(msg.sender, address(this), amount)); // expect: weird-erc20@17:fee-on-transfer-token-ledger
        series[keccak256(abi.encodePacked(token, maturity))] += amount;
    }
}

/// The market id comes from a helper that hashes the whole struct in assembly.
library TermsKey {
    struct Terms {
        address asset;
        uint256 rate;
    }

    function key(Terms memory terms) internal pure returns (bytes32 k) {
        assembly {
            k := keccak256(terms, 64)
        }
    }
}

contract HelperKeyedMarkets {
    using TermsKey for TermsKey.Terms;

    mapping(bytes32 => uint256) public supplied;

    function lend(TermsKey.Terms memory terms, uint256 amount) external {
        bytes32 k = terms.key();
        supplied[k] += amount;
        require(IERC20(terms.asset).transferFrom(msg.sender, address(this), amount)); // expect: weird-erc20@17:fee-on-transfer-token-ledger
    }
}

/// One credit is per token, the other is a total across tokens: medium.
contract MixedLedger {
    mapping(address => mapping(address => uint256)) public balances;
    uint256 public totalValueLocked;

    function deposit(address token, uint256 amount) external {
        require(IERC20(token).transferFrom(msg.sender, address(this), amount)); // expect: weird-erc20@17:fee-on-transfer
        balances[token][msg.sender] += amount;
        totalValueLocked += amount;
    }
}

/// Credited per token, but the amount also mints shares of one vault through a helper: medium.
contract PerTokenWithShares {
    mapping(address => mapping(address => uint256)) public balances;
    mapping(address => uint256) public shares;

    function deposit(address token, uint256 amount) external {
        require(IERC20(token).transferFrom(msg.sender, address(this), amount)); // expect: weird-erc20@17:fee-on-transfer
        balances[token][msg.sender] += amount;
        _mint(msg.sender, amount);
    }

    function _mint(address to, uint256 amount) internal {
        shares[to] += amount;
    }
}

/// The id hashes values that do not include the token the caller names: medium.
contract KeyWithoutToken {
    struct Pair {
        address base;
        address quote;
    }

    mapping(bytes32 => uint256) public liquidity;

    function add(Pair calldata pair, address token, uint256 amount) external {
        require(IERC20(token).transferFrom(msg.sender, address(this), amount)); // expect: weird-erc20@17:fee-on-transfer
        liquidity[keccak256(abi.encode(pair))] += amount;
    }
}

/// A library that keeps a running total through a storage reference.
library Tally {
    struct Book {
        uint256 total;
    }

    function add(Book storage b, uint256 amount) internal {
        b.total += amount;
    }
}

/// Credited per token, but also added to one book shared by every token through a library: medium.
contract PerTokenWithLibraryTotal {
    using Tally for Tally.Book;

    mapping(address => mapping(address => uint256)) public balances;
    Tally.Book internal book;

    function deposit(address token, uint256 amount) external {
        require(IERC20(token).transferFrom(msg.sender, address(this), amount)); // expect: weird-erc20@17:fee-on-transfer
        balances[token][msg.sender] += amount;
        book.add(amount);
    }
}
