/**
 * Bytecode analysis with real solc output and the real EVM: disassembly,
 * metadata, creation vs runtime, selectors against solc's methodIdentifiers over
 * OpenZeppelin contracts (optimizer off and on), CFG jump resolution, proxy kinds,
 * detectors, and confirmation in a local EVM.
 */
import assert from 'node:assert/strict';
import { analyzeBytecode, decodeMetadata, disassemble, type BytecodeAnalysis } from '../../engine/src/bytecode';
import { byName, compileOz, compileSolidity, OZ_TEST_SET, payableAgreement, type Compiled } from '../helpers/bytecode-contracts';

/** Compiles one source with a bundled compiler module; contracts by name. */
function compile(source: string, mod = 'solc', optimizer = false): Map<string, Compiled> {
  return byName(compileSolidity(source, { mod, optimizer, name: 'a.sol' }));
}

const ids = (r: BytecodeAnalysis) => r.findings.map((f) => f.id).sort();

const VULNERABLE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Vulnerable {
    address owner;
    constructor() { owner = msg.sender; }
    function kill() external { selfdestruct(payable(msg.sender)); }
    function run(address t, bytes calldata d) external { (bool ok, ) = t.delegatecall(d); require(ok); }
    function auth() external { require(tx.origin == owner); owner = address(1); }
    function ping(address a) external { (bool ok, ) = a.call(""); ok; }
    function drain() external { payable(msg.sender).transfer(address(this).balance); }
    function upgrade(address i) external { assembly { sstore(0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc, i) } }
}
contract Guarded {
    address owner;
    mapping(address => uint256) balances;
    constructor() { owner = msg.sender; }
    modifier onlyOwner() { require(msg.sender == owner, "owner"); _; }
    function kill() external onlyOwner { selfdestruct(payable(msg.sender)); }
    function run(address t, bytes calldata d) external onlyOwner { (bool ok, ) = t.delegatecall(d); require(ok); }
    function send(address payable a) external onlyOwner { a.transfer(1); }
    function deposit() external payable { balances[msg.sender] += msg.value; }
    function withdraw() external { uint256 b = balances[msg.sender]; balances[msg.sender] = 0; (bool ok, ) = msg.sender.call{value: b}(""); require(ok); }
    function upgrade(address i) external onlyOwner { assembly { sstore(0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc, i) } }
}
`;

describe('bytecode: disassembly, metadata, kind, size', () => {
  it('steps over PUSH data: a 0x5b inside an immediate is not a JUMPDEST', () => {
    // PUSH2 0x5b5b, JUMPDEST, PUSH1 (cut short at the end)
    const ins = disassemble(Uint8Array.from([0x61, 0x5b, 0x5b, 0x5b, 0x60]));
    assert.deepEqual(ins.map((i) => [i.pc, i.name]), [[0, 'PUSH2'], [3, 'JUMPDEST'], [4, 'PUSH1']]);
    assert.equal(ins[0].push, 0x5b5bn);
    assert.equal(ins[2].push, 0n);
  });

  it('decodes solc metadata across versions (bzzr0, bzzr1, ipfs, solc version, experimental)', () => {
    const src = 'pragma solidity >=0.4.24;\ncontract A { uint x; function set(uint v) public { x = v; } }';
    const m4 = decodeMetadata(Buffer.from(compile(src, 'solc-0.4.26').get('A')!.runtime, 'hex'));
    assert.ok(m4?.bzzr0 && m4.bzzr0.length === 64 && m4.solc === undefined, JSON.stringify(m4));
    const m5 = decodeMetadata(Buffer.from(compile('pragma solidity >=0.4.24;\npragma experimental ABIEncoderV2;\ncontract A { uint x; function set(uint v) public { x = v; } }', 'solc-0.5.17').get('A')!.runtime, 'hex'));
    assert.equal(m5?.solc, '0.5.17');
    assert.ok(m5?.bzzr1);
    assert.equal(m5?.experimental, true);
    const m8 = decodeMetadata(Buffer.from(compile(src).get('A')!.runtime, 'hex'));
    assert.equal(m8?.solc, '0.8.37');
    assert.match(m8?.ipfs ?? '', /^Qm[1-9A-HJ-NP-Za-km-z]{44}$/);
    assert.equal(decodeMetadata(Uint8Array.from([0x60, 0x00, 0x00, 0x05])), undefined);
  });

  it('tells creation from runtime and finds the runtime inside (constructor arguments and immutables too)', async () => {
    const c = compile('pragma solidity ^0.8.20;\ncontract A { uint immutable k; address o; constructor(uint v) { k = v; o = msg.sender; } function get() external view returns (uint) { return k; } }').get('A')!;
    const args = '00'.repeat(31) + '07';
    const r = await analyzeBytecode(`0x${c.creation}${args}`, { confirm: false });
    assert.equal(r.kind, 'creation');
    assert.equal(r.runtimeSize, c.runtime.length / 2);
    assert.equal(r.constructorArgsSize, 32);
    assert.equal(r.metadata?.solc, '0.8.37');
    assert.deepEqual(r.selectors.map((s) => s.selector), Object.values(c.methods));
    const rt = await analyzeBytecode(c.runtime, { confirm: false });
    assert.equal(rt.kind, 'runtime');
    assert.equal(rt.size, c.runtime.length / 2);
  });

  it('measures size against EIP-170 and never throws on bad input', async () => {
    const big = await analyzeBytecode('5b'.repeat(24577), { confirm: false });
    assert.equal(big.overEip170, true);
    assert.equal((await analyzeBytecode('00', { confirm: false })).overEip170, false);
    assert.match((await analyzeBytecode('0xzz')).error ?? '', /hex/);
    assert.match((await analyzeBytecode('')).error ?? '', /empty/);
  });
});

describe('bytecode: robustness', () => {
  it('never throws on random bytes, and stays within its budget', async () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let n = 0; n < 100; n++) {
      const bytes = Array.from({ length: Math.floor(rnd() * 3000) }, () => Math.floor(rnd() * 256));
      const t = performance.now();
      const r = await analyzeBytecode(Buffer.from(bytes).toString('hex'), { confirm: n % 20 === 0 });
      assert.ok(performance.now() - t < 2000);
      assert.equal(r.error === undefined, bytes.length > 0);
    }
  });
});

describe('bytecode: selectors against the compiler ABI (OpenZeppelin)', function () {
  this.timeout(180_000);
  const runs: Array<[string, Compiled[]]> = [];
  before(() => {
    runs.push(['no optimizer', compileOz(OZ_TEST_SET, { optimizer: false })]);
    runs.push(['optimizer', compileOz(OZ_TEST_SET, { optimizer: true })]);
  });

  it('recovers every selector, no extra, with payability as the ABI says', async () => {
    let want = 0;
    let got = 0;
    const problems: string[] = [];
    for (const [label, compiled] of runs)
      for (const c of compiled) {
        const r = await analyzeBytecode(c.runtime, { confirm: false });
        const expected = Object.values(c.methods).sort();
        const recovered = r.selectors.map((s) => s.selector).sort();
        want += expected.length;
        got += expected.filter((s) => recovered.includes(s)).length;
        if (JSON.stringify(expected) !== JSON.stringify(recovered)) problems.push(`${label} ${c.name}: want ${expected} got ${recovered}`);
        const pay = payableAgreement(c, r.selectors);
        if (pay.wrong.length) problems.push(`${label} ${c.name}: payability wrong for ${pay.wrong}`);
        assert.equal(r.cfgStats.truncated && r.runtimeSize < 12000, false, `${label} ${c.name} truncated`);
      }
    assert.ok(want > 300, `${want} selectors`);
    assert.deepEqual(problems, []);
    assert.equal(got, want);
  });

  it('names the standards each implements and the proxies', async () => {
    const byName = new Map(runs[1][1].map((c) => [c.name, c]));
    const std = async (n: string) => (await analyzeBytecode(byName.get(n)!.runtime, { confirm: false })).standards.filter((s) => s.complete).map((s) => s.standard).sort();
    assert.deepEqual(await std('Token'), ['ERC-20', 'Ownable']);
    assert.deepEqual(await std('NFT'), ['AccessControl', 'ERC-165', 'ERC-721']);
    assert.deepEqual(await std('Multi'), ['ERC-1155', 'ERC-165', 'Ownable']);
    assert.deepEqual(await std('Vault'), ['ERC-20', 'ERC-4626']);
    for (const [label, compiled] of runs) {
      const m = new Map(compiled.map((c) => [c.name, c]));
      const kind = async (n: string) => (await analyzeBytecode(m.get(n)!.runtime, { confirm: false })).proxy;
      const p = await kind('Proxy1967');
      assert.equal(p.kind, 'eip1967', label);
      assert.equal(p.slot, '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc');
      assert.equal((await kind('Transparent')).kind, 'eip1967', label);
      assert.equal((await kind('Beacon')).kind, 'beacon', label);
      const impl = await kind('Impl');
      assert.equal(impl.kind, 'none', label);
      assert.equal(impl.uups, true, label);
      assert.equal((await kind('Token')).kind, 'none', label);
      // No finding on OpenZeppelin's proxies and tokens: their upgrade paths check the caller.
      for (const n of ['Proxy1967', 'Transparent', 'Beacon', 'Impl', 'Token', 'NFT', 'Multi', 'Vault', 'VoteToken', 'BeaconOwner', 'Vesting'])
        assert.deepEqual(ids(await analyzeBytecode(m.get(n)!.runtime, { confirm: false })), [], `${label} ${n}`);
    }
  });

  it('recovers selectors from the older compilers (0.4.26 … 0.7.6)', async () => {
    const src = 'pragma solidity >=0.4.24;\ncontract A { uint x; function set(uint v) public payable { x = v; } function get() public view returns (uint) { return x; } function inc() public { x++; } }';
    for (const mod of ['solc-0.4.26', 'solc-0.5.17', 'solc-0.6.12', 'solc-0.7.6'])
      for (const opt of [false, true]) {
        const c = compile(src, mod, opt).get('A')!;
        const r = await analyzeBytecode(c.runtime, { confirm: false });
        assert.deepEqual(r.selectors.map((s) => s.selector), Object.values(c.methods).sort(), `${mod} ${opt}`);
        const by = new Map(r.selectors.map((s) => [s.selector, s]));
        assert.equal(by.get(c.methods['set(uint256)'])!.payable, true, mod);
        assert.equal(by.get(c.methods['inc()'])!.mutability, 'nonpayable', mod);
        assert.equal(by.get(c.methods['get()'])!.mutability, 'view-or-nonpayable', mod);
      }
  });
});

describe('bytecode: CFG', () => {
  it('resolves internal-function return addresses through the stack', async () => {
    const src = 'pragma solidity ^0.8.20;\ncontract A { uint x; function f(uint a) internal pure returns (uint) { return a * 2 + 1; } function g(uint a) external returns (uint) { x = f(a) + f(a + 1); return f(x); } function h() external view returns (uint) { return f(x); } }';
    for (const opt of [false, true]) {
      const r = await analyzeBytecode(compile(src, 'solc', opt).get('A')!.runtime, { confirm: false });
      assert.equal(r.cfgStats.unresolvedJumps, 0, `optimizer ${opt}`);
      assert.equal(r.cfgStats.truncated, false);
      assert.ok(r.cfgStats.reachableBlocks > 10 && r.cfgStats.edges >= r.cfgStats.reachableBlocks - 1);
    }
  });
});

describe('bytecode: proxies by exact pattern', () => {
  it('recognises an EIP-1167 minimal proxy and its creation code, with the implementation', async () => {
    const impl = 'bebebebebebebebebebebebebebebebebebebebe';
    const runtime = `363d3d373d3d3d363d73${impl}5af43d82803e903d91602b57fd5bf3`;
    const r = await analyzeBytecode(runtime);
    assert.equal(r.proxy.kind, 'eip1167');
    assert.equal(r.proxy.implementation, `0x${impl}`);
    assert.equal(r.size, 45);
    const c = await analyzeBytecode(`3d602d80600a3d3981f3${runtime}`);
    assert.equal(c.kind, 'creation');
    assert.equal(c.proxy.implementation, `0x${impl}`);
    assert.equal((await analyzeBytecode(runtime.replace('5af4', '5af1'))).proxy.kind === 'eip1167', false);
  });
});

describe('bytecode: detectors and confirmation', function () {
  this.timeout(60_000);
  for (const opt of [false, true])
    it(`flags the vulnerable contract and not the guarded one (optimizer ${opt})`, async () => {
      const cs = compile(VULNERABLE, 'solc', opt);
      const v = cs.get('Vulnerable')!;
      const r = await analyzeBytecode(v.runtime);
      assert.deepEqual(ids(r), [
        'bytecode-delegatecall-calldata', 'bytecode-tx-origin-branch', 'bytecode-unchecked-call',
        'bytecode-unprotected-ether-transfer', 'bytecode-unprotected-selfdestruct', 'bytecode-unprotected-upgrade-slot',
      ]);
      const by = new Map(r.findings.map((f) => [f.id, f]));
      assert.deepEqual(by.get('bytecode-unprotected-selfdestruct')!.selectors, [v.methods['kill()']]);
      assert.equal(by.get('bytecode-unprotected-selfdestruct')!.swc, 'SWC-106');
      assert.deepEqual(by.get('bytecode-delegatecall-calldata')!.selectors, [v.methods['run(address,bytes)']]);
      assert.deepEqual(by.get('bytecode-unchecked-call')!.selectors, [v.methods['ping(address)']]);
      assert.deepEqual(by.get('bytecode-tx-origin-branch')!.selectors, [v.methods['auth()']]);
      assert.deepEqual(by.get('bytecode-unprotected-upgrade-slot')!.selectors, [v.methods['upgrade(address)']]);
      // Confirmed in a local EVM: a stranger destroys the contract and drains it.
      assert.equal(by.get('bytecode-unprotected-selfdestruct')!.confirmed, true, by.get('bytecode-unprotected-selfdestruct')!.confirmation);
      assert.equal(by.get('bytecode-unprotected-ether-transfer')!.confirmed, true);
      // From the creation code too (deployed by running it).
      const rc = await analyzeBytecode(v.creation);
      assert.equal(rc.kind, 'creation');
      assert.equal(rc.findings.find((f) => f.id === 'bytecode-unprotected-selfdestruct')?.confirmed, true);

      const g = await analyzeBytecode(cs.get('Guarded')!.runtime);
      assert.deepEqual(ids(g), []);
    });

  it('does not confirm what a stranger cannot reach', async () => {
    // The owner is the deployer: the stranger's call reverts, so the finding the static check makes is not confirmed.
    const src = 'pragma solidity ^0.8.20;\ncontract A { address owner = msg.sender; function kill() external { if (msg.sender != owner) { return; } selfdestruct(payable(msg.sender)); } function kill2() external { if (tx.origin != owner) revert(); selfdestruct(payable(msg.sender)); } }';
    const c = compile(src).get('A')!;
    const r = await analyzeBytecode(c.creation);
    const sd = r.findings.filter((f) => f.id === 'bytecode-unprotected-selfdestruct');
    assert.equal(sd.length, 1);
    assert.deepEqual(sd[0].selectors, [c.methods['kill2()']]);
    assert.equal(sd[0].confirmed, false);
  });
});
