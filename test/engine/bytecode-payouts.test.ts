/**
 * The ether-transfer detector's reading of who the amount belongs to, and the local-EVM
 * confirmation of DELEGATECALL-from-calldata and upgrade-slot findings, on contracts
 * compiled with real solc (0.8, with and without the optimizer, and 0.4) and run in the
 * real @ethereumjs/evm.
 */
import assert from 'node:assert/strict';
import { analyzeBytecode, type BytecodeAnalysis } from '../../engine/src/bytecode';
import { byName, compileSolidity, type Compiled } from '../helpers/bytecode-contracts';

function compile(source: string, mod = 'solc', optimizer = false): Map<string, Compiled> {
  return byName(compileSolidity(source, { mod, optimizer, name: 'p.sol' }));
}

/** Selectors of the functions the ether-transfer detector flags, as signatures. */
function flagged(r: BytecodeAnalysis, c: Compiled): string[] {
  const sigOf = new Map(Object.entries(c.methods).map(([sig, sel]) => [sel, sig]));
  return r.findings.filter((f) => f.id === 'bytecode-unprotected-ether-transfer').flatMap((f) => f.selectors.map((s) => sigOf.get(s) ?? (s || 'fallback'))).sort();
}

// Credit paid back to the caller: bounded by the caller's own entry before the transfer, in the
// forms a withdrawal takes (require, if, the entry on either side, a struct field, units times a fixed price);
// a recipient's own entry paid to that recipient; and a refund of what came with the call. None is an arbitrary send.
const OWN_08 = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Ledger {
    struct Account { uint64 since; uint192 amount; }
    mapping(address => uint256) credit;
    mapping(address => Account) accounts;
    mapping(address => uint256) units;
    uint256 price = 3 gwei;
    function put() external payable { credit[msg.sender] += msg.value; accounts[msg.sender].amount += uint192(msg.value); units[msg.sender] += msg.value / 1e15; }
    function takeA(uint256 amt) external {
        require(amt <= credit[msg.sender], "over");
        (bool ok, ) = msg.sender.call{value: amt}("");
        require(ok);
        credit[msg.sender] -= amt;
    }
    function takeB(uint256 amt) external {
        if (credit[msg.sender] >= amt) {
            credit[msg.sender] -= amt;
            payable(msg.sender).transfer(amt);
        }
    }
    function takeC(uint256 amt) external {
        Account storage a = accounts[msg.sender];
        require(a.amount >= amt && block.timestamp > a.since);
        a.amount -= uint192(amt);
        payable(msg.sender).transfer(amt);
    }
    function sellUnits(uint256 n) external {
        require(units[msg.sender] >= n);
        units[msg.sender] -= n;
        payable(msg.sender).transfer(n * 1e15);
    }
    function takeTo(address payable to, uint256 amt) external {
        require(credit[msg.sender] >= amt);
        credit[msg.sender] -= amt;
        to.transfer(amt);
    }
    function release(address payable to) external {
        uint256 a = credit[to];
        credit[to] = 0;
        to.transfer(a);
    }
    function buy() external payable {
        require(msg.value >= price);
        payable(msg.sender).transfer(msg.value - price);
    }
}
`;

// The same shapes as the 0.4 compiler lays them out (no checked arithmetic, the call's result tested by if).
const OWN_04 = `pragma solidity ^0.4.24;
contract Ledger4 {
    struct Acc { uint256 balance; uint256 unlock; }
    mapping(address => uint256) credit;
    mapping(address => Acc) accs;
    uint256 minimum = 1 ether;
    function put() public payable { credit[msg.sender] += msg.value; accs[msg.sender].balance += msg.value; }
    function take(uint256 am) public {
        if (am <= credit[msg.sender]) {
            if (msg.sender.call.value(am)()) { credit[msg.sender] -= am; }
        }
    }
    function collect(uint256 am) public payable {
        Acc storage acc = accs[msg.sender];
        if (acc.balance >= minimum && acc.balance >= am && now > acc.unlock) {
            if (msg.sender.call.value(am)()) { acc.balance -= am; }
        }
    }
}
`;

// Unguarded payments that stay findings: a fixed amount or the whole balance to the caller, a chosen
// amount to a chosen address, an amount checked the wrong way round (at least the caller's entry),
// an amount bounded by someone else's entry, the contract's balance plus msg.value, and one account's
// entry paid to another address.
const OPEN_08 = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Faucet {
    mapping(address => uint256) credit;
    constructor() payable {}
    function put() external payable { credit[msg.sender] += msg.value; }
    function gift() external { payable(msg.sender).transfer(0.01 ether); }
    function drain() external { payable(msg.sender).transfer(address(this).balance); }
    function pay(address payable to, uint256 amt) external { to.transfer(amt); }
    function wrongWay(uint256 amt) external {
        require(amt >= credit[msg.sender]);
        payable(msg.sender).transfer(amt);
        credit[msg.sender] = 0;
    }
    function othersCredit(address who, uint256 amt) external {
        require(amt <= credit[who]);
        payable(msg.sender).transfer(amt);
    }
    function double(address payable to) external payable { to.transfer(address(this).balance + msg.value); }
    function move(address from, address payable to) external { uint256 a = credit[from]; credit[from] = 0; to.transfer(a); }
}
`;

const OPEN_04 = `pragma solidity ^0.4.24;
contract Faucet4 {
    mapping(address => uint256) credit;
    function () public payable {}
    function gift() public { msg.sender.transfer(10 finney); }
    function pay(address to, uint256 amt) public { to.transfer(amt); }
    function wrongWay(uint256 am) public {
        if (am >= credit[msg.sender]) { msg.sender.transfer(am); }
    }
}
`;

// A caller check by a count keyed by the caller (an owner index), compared with a constant.
const MEMBERS = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Members {
    mapping(address => uint256) ownerIndex;
    constructor() payable { ownerIndex[msg.sender] = 1; }
    modifier onlyMember() { require(ownerIndex[msg.sender] > 0, "member"); _; }
    function send(address payable to, uint256 amt) external onlyMember { to.transfer(amt); }
}
`;

// The whole balance paid to the caller after the whole balance went to the stored owner: what is
// left is zero when that first payment succeeded on the 2,300-gas stipend (transfer), and not when it
// may have failed (send, unchecked) or when the owner got gas enough to send ether back (call).
const AFTER_DRAIN = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Jar {
    address payable owner;
    constructor() payable { owner = payable(msg.sender); }
    receive() external payable {}
    function claim() external payable {
        if (msg.value > 1 ether) {
            owner.transfer(address(this).balance);
            payable(msg.sender).transfer(address(this).balance);
        }
    }
    function claimSend() external payable {
        if (msg.value > 1 ether) {
            owner.send(address(this).balance);
            payable(msg.sender).transfer(address(this).balance);
        }
    }
    function claimCall() external payable {
        if (msg.value > 1 ether) {
            (bool ok, ) = owner.call{value: address(this).balance}("");
            require(ok);
            payable(msg.sender).transfer(address(this).balance);
        }
    }
}
`;

const AFTER_DRAIN_04 = `pragma solidity ^0.4.19;
contract Jar4 {
    address public owner = msg.sender;
    function() public payable {}
    function claim() public payable {
        if (msg.value > 1 ether) {
            owner.transfer(this.balance);
            msg.sender.transfer(this.balance);
        }
    }
    function claimSend() public payable {
        if (msg.value > 1 ether) {
            owner.send(this.balance);
            msg.sender.transfer(this.balance);
        }
    }
}
`;

describe('bytecode: whose money an ether transfer sends', function () {
  this.timeout(120_000);

  for (const optimizer of [false, true])
    it(`pays a caller their own recorded credit without a finding, and a refund of msg.value (solc 0.8, optimizer ${optimizer})`, async () => {
      const c = compile(OWN_08, 'solc', optimizer).get('Ledger')!;
      const r = await analyzeBytecode(c.runtime, { confirm: false });
      assert.deepEqual(flagged(r, c), [], JSON.stringify(r.findings, null, 1));
    });

  it('pays a caller their own recorded credit without a finding (solc 0.4)', async () => {
    const c = compile(OWN_04, 'solc-0.4.26').get('Ledger4')!;
    const r = await analyzeBytecode(c.runtime, { confirm: false });
    assert.deepEqual(flagged(r, c), [], JSON.stringify(r.findings, null, 1));
  });

  for (const optimizer of [false, true])
    it(`still flags unguarded payments that are not the caller's own, confirmed in a local EVM (solc 0.8, optimizer ${optimizer})`, async () => {
      const c = compile(OPEN_08, 'solc', optimizer).get('Faucet')!;
      const r = await analyzeBytecode(c.creation, { confirmBudgetMs: 10_000 });
      assert.deepEqual(flagged(r, c), ['double(address)', 'drain()', 'gift()', 'move(address,address)', 'othersCredit(address,uint256)', 'pay(address,uint256)', 'wrongWay(uint256)'].sort());
      // Every finding reaches the funded contract's ether from a stranger's call.
      const ether = r.findings.filter((f) => f.id === 'bytecode-unprotected-ether-transfer');
      const sigOf = new Map(Object.entries(c.methods).map(([sig, sel]) => [sel, sig]));
      const confirmed = new Set(ether.filter((f) => f.confirmed).flatMap((f) => f.selectors.map((s) => sigOf.get(s))));
      for (const sig of ['drain()', 'gift()', 'pay(address,uint256)']) assert.ok(confirmed.has(sig), `${sig}: ${JSON.stringify(ether)}`);
    });

  it('still flags unguarded payments that are not the caller\'s own (solc 0.4)', async () => {
    const c = compile(OPEN_04, 'solc-0.4.26').get('Faucet4')!;
    const r = await analyzeBytecode(c.runtime, { confirm: false });
    assert.deepEqual(flagged(r, c), ['gift()', 'pay(address,uint256)', 'wrongWay(uint256)']);
  });

  it('sees that nothing is left to pay after the whole balance went out on the stipend', async () => {
    for (const optimizer of [false, true]) {
      const c = compile(AFTER_DRAIN, 'solc', optimizer).get('Jar')!;
      const r = await analyzeBytecode(c.runtime, { confirm: false });
      assert.deepEqual(flagged(r, c), ['claimCall()', 'claimSend()'], `optimizer ${optimizer}`);
    }
    const c4 = compile(AFTER_DRAIN_04, 'solc-0.4.26').get('Jar4')!;
    assert.deepEqual(flagged(await analyzeBytecode(c4.runtime, { confirm: false }), c4), ['claimSend()']);
  });

  it('takes a membership count keyed by the caller, tested against a constant, as a caller check', async () => {
    for (const optimizer of [false, true]) {
      const c = compile(MEMBERS, 'solc', optimizer).get('Members')!;
      const r = await analyzeBytecode(c.runtime, { confirm: false });
      assert.deepEqual(flagged(r, c), []);
      // The same function with the check removed is flagged.
      const open = compile(MEMBERS.replace(' onlyMember {', ' {'), 'solc', optimizer).get('Members')!;
      assert.deepEqual(flagged(await analyzeBytecode(open.runtime, { confirm: false }), open), ['send(address,uint256)']);
    }
  });
});

const DELEGATING = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Runner {
    address owner;
    constructor() { owner = msg.sender; }
    function run(address t, bytes calldata d) external { (bool ok, ) = t.delegatecall(d); require(ok); }
    uint256 last;
    function runAfter(uint256 n, bytes calldata d, address t) external { last = n; (bool ok, ) = t.delegatecall(d); require(ok); }
    function guardedRun(address t, bytes calldata d) external { (bool ok, ) = t.delegatecall(d); require(ok); require(msg.sender == owner); }
}
`;

const UPGRADES = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Upgrades {
    bytes32 constant IMPL = 0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc;
    bytes32 constant ADMIN = 0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103;
    function setImpl(address i) external { assembly { sstore(IMPL, i) } }
    function setAdmin(address a) external { if (a == address(0)) revert(); assembly { sstore(ADMIN, a) } }
    function owned(address i) external { address admin; assembly { admin := sload(ADMIN) } require(admin == address(0) || msg.sender == admin); assembly { sstore(IMPL, i) } }
}
contract AdminSet is Upgrades {
    constructor() { assembly { sstore(ADMIN, 0x0d3b10) } }
}
`;

describe('bytecode: confirming delegatecall and upgrade-slot findings in a local EVM', function () {
  this.timeout(120_000);

  for (const optimizer of [false, true])
    it(`a stranger makes the contract run code of their choosing (optimizer ${optimizer})`, async () => {
      const c = compile(DELEGATING, 'solc', optimizer).get('Runner')!;
      const r = await analyzeBytecode(c.creation, { confirmBudgetMs: 10_000 });
      const dc = r.findings.filter((f) => f.id === 'bytecode-delegatecall-calldata');
      const bySel = new Map(dc.flatMap((f) => f.selectors.map((s) => [s, f])));
      for (const sig of ['run(address,bytes)', 'runAfter(uint256,bytes,address)']) {
        const f = bySel.get(c.methods[sig]);
        assert.ok(f, `${sig}: ${JSON.stringify(dc)}`);
        assert.equal(f.confirmed, true, `${sig}: ${f.confirmation}`);
        assert.match(f.confirmation!, /run the stranger's code .* wrote storage slot/);
      }
    });

  it('does not confirm a delegatecall a caller check reverts after', async () => {
    // The check comes after the call, so the static reading flags it; the stranger's transaction reverts, the write with it.
    const c = compile(DELEGATING, 'solc').get('Runner')!;
    const r = await analyzeBytecode(c.creation, { confirmBudgetMs: 10_000 });
    const f = r.findings.find((x) => x.id === 'bytecode-delegatecall-calldata' && x.selectors.includes(c.methods['guardedRun(address,bytes)']));
    assert.ok(f, JSON.stringify(r.findings));
    assert.equal(f.confirmed, false, f.confirmation);
  });

  it('a stranger rewrites an upgrade slot, and a slot written only by its admin is not confirmed', async () => {
    const all = compile(UPGRADES, 'solc');
    const c = all.get('Upgrades')!;
    const r = await analyzeBytecode(c.creation, { confirmBudgetMs: 10_000 });
    const up = r.findings.filter((f) => f.id === 'bytecode-unprotected-upgrade-slot');
    const at = (sig: string) => up.find((f) => f.selectors.includes(c.methods[sig]));
    assert.equal(at('setImpl(address)')?.confirmed, true, JSON.stringify(up));
    assert.match(at('setImpl(address)')!.confirmation!, /set upgrade slot 0x360894a1.* to 0xc0de0bad/);
    assert.equal(at('setAdmin(address)')?.confirmed, true, JSON.stringify(up));
    // `owned` compares the caller with the admin slot: no finding. With the admin set at deployment, nothing else moves either.
    assert.equal(at('owned(address)'), undefined);
    const a = all.get('AdminSet')!;
    const ra = await analyzeBytecode(a.creation, { confirmBudgetMs: 10_000 });
    assert.equal(ra.findings.find((f) => f.id === 'bytecode-unprotected-upgrade-slot' && f.selectors.includes(a.methods['setImpl(address)']))?.confirmed, true);
  });

  it('marks findings not tried when the budget is spent, and tries none without confirmation', async () => {
    const c = compile(DELEGATING, 'solc').get('Runner')!;
    const r = await analyzeBytecode(c.creation, { confirmBudgetMs: 0 });
    const dc = r.findings.filter((f) => f.id === 'bytecode-delegatecall-calldata');
    assert.ok(dc.length > 0);
    for (const f of dc) assert.equal(f.confirmation, 'not tried: the confirmation budget was spent');
    const none = await analyzeBytecode(c.creation, { confirm: false });
    for (const f of none.findings) assert.equal(f.confirmed, undefined);
  });
});
