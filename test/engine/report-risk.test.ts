import assert from 'node:assert/strict';
import { analyze } from '../../engine/src';
import { assessRisk } from '../../engine/src/report';

// Six small contracts whose ranking any auditor would agree on, from most to least urgent:
// anyone can drain the vault; the bank can be drained by reentering withdraw with ETH;
// anyone can take the registry over; the treasury leaves one owner-only token transfer
// unchecked; the counter has only gas hints; the last is clean.
const CONTRACTS: Record<string, string> = {
vault: `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Vault {
    mapping(address => uint256) public balances;
    function deposit() external payable { balances[msg.sender] += msg.value; }
    function sweep(address payable to) external { to.transfer(address(this).balance); }
}`,
reentrant: `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Bank {
    mapping(address => uint256) public balances;
    function deposit() external payable { balances[msg.sender] += msg.value; }
    function withdraw() external {
        uint256 amount = balances[msg.sender];
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "failed");
        balances[msg.sender] = 0;
    }
}`,
takeover: `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Registry {
    address public owner;
    uint256 public fee;
    constructor() { owner = msg.sender; }
    function setOwner(address newOwner) external { owner = newOwner; }
    function setFee(uint256 f) external { require(msg.sender == owner, "not owner"); fee = f; }
}`,
unchecked: `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
interface IERC20 { function transfer(address to, uint256 amount) external returns (bool); }
contract Treasury {
    address public immutable owner;
    IERC20 public immutable token;
    constructor(IERC20 t) { owner = msg.sender; token = t; }
    function pay(address to, uint256 amount) external {
        require(msg.sender == owner, "not owner");
        token.transfer(to, amount);
    }
}`,
gas: `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Counter {
    uint256 public count;
    uint256[] public items;
    function add(uint256 x) public { items.push(x); count = count + 1; }
    function firstTen() public view returns (uint256 s) { for (uint256 i = 0; i < 10; i++) { s += items[i]; } }
}`,
clean: `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Clean {
    uint256 public value;
    event Set(uint256 v);
    function set(uint256 v) external { value = v; emit Set(v); }
}`};

const ORDER: Array<[file: string, contract: string]> = [
  ['vault', 'Vault'],
  ['reentrant', 'Bank'],
  ['takeover', 'Registry'],
  ['unchecked', 'Treasury'],
  ['gas', 'Counter'],
  ['clean', 'Clean'],
];

describe('report risk', () => {
  const results = ORDER.map(([file]) => analyze(CONTRACTS[file], { path: `/p/${file}.sol` }));
  const risk = assessRisk(
    results.flatMap((r) => r.findings),
    ORDER.map(([file, contract]) => ({ file: `/p/${file}.sol`, contract })),
  );
  const named = ORDER.map(([file, contract]) => {
    const r = risk.find((x) => x.file === `/p/${file}.sol` && x.contract === contract);
    assert.ok(r, `no risk entry for ${contract}`);
    return r;
  });

  it('ranks exploitable value movement above reentrancy, takeover, hygiene, gas hints and a clean contract', () => {
    for (let i = 1; i < named.length; i++) {
      const [a, b] = [named[i - 1], named[i]];
      assert.ok(a.weight > b.weight, `${a.contract} (${a.weight}) should weigh more than ${b.contract} (${b.weight})`);
      assert.ok(a.score >= b.score, `${a.contract} (${a.score}) should score at least ${b.contract} (${b.score})`);
    }
    const ranked = risk.filter((r) => named.includes(r)).map((r) => r.contract);
    assert.deepEqual(ranked, ORDER.map(([, c]) => c));
  });

  it('labels a drainable vault critical and one unchecked transfer no worse than low', () => {
    assert.equal(named[0].level, 'critical');
    assert.match(named[0].explanation, /arbitrary-eth-send/);
    assert.ok(['critical', 'high'].includes(named[1].level), named[1].level);
    assert.ok(['critical', 'high'].includes(named[2].level), named[2].level);
    assert.ok(['low', 'minimal'].includes(named[3].level), named[3].level);
    assert.equal(named[4].level, 'minimal');
    assert.equal(named[5].level, 'minimal');
    assert.equal(named[5].weight, 0);
  });

  it('does not rank by contract name', () => {
    // The same drainable vault under a harmless-sounding name scores the same.
    const renamed = CONTRACTS.vault.replace('contract Vault', 'contract SafeHelper');
    const f = analyze(renamed, { path: '/p/renamed.sol' }).findings;
    const r = assessRisk(f).find((x) => x.contract === 'SafeHelper');
    assert.equal(r?.score, named[0].score);
  });
});
