/**
 * `synor bytecode`, spawned as a user would run it (the built bundle), on code
 * compiled by the real bundled solc in the test: hex, files, JSON artifacts,
 * creation and runtime code, every format, exit codes, and clear errors on input
 * that is not code. --address is exercised against a stub JSON-RPC server on
 * localhost that answers from the compiled code (no chain, no network).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { byName, compileOz, compileSolidity, type Compiled } from '../helpers/bytecode-contracts';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'cli/out/synor.js');

function synor(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'bytecode', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SYNOR_RPC_URL: '' }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function synorAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, 'bytecode', ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Vulnerable {
    address owner;
    constructor() { owner = msg.sender; }
    function kill() external { selfdestruct(payable(msg.sender)); }
    function auth() external { require(tx.origin == owner); owner = address(1); }
    function ping(address a) external { (bool ok, ) = a.call(""); ok; }
}
contract Guarded {
    address owner;
    uint256 public total;
    constructor() { owner = msg.sender; }
    function kill() external { require(msg.sender == owner, "owner"); selfdestruct(payable(msg.sender)); }
    function add(uint256 v) external { total += v; }
}
`;

describe('synor bytecode', function () {
  this.timeout(300_000);
  let dir: string;
  let cs: Map<string, Compiled>;

  before(() => {
    assert.ok(fs.existsSync(BIN), 'the CLI bundle is built (npm run build)');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-bytecode-'));
    cs = byName(compileSolidity(SOURCE, {}));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, text: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };

  it('text: runtime hex in a file; lists functions, storage and findings; exits 1 on high findings', () => {
    const v = cs.get('Vulnerable')!;
    const r = synor([file('v.hex', `0x${v.runtime}\n`)]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /kind: runtime code/);
    assert.match(r.stdout, /compiler: solc 0\.8\.37, metadata ipfs Qm/);
    for (const sel of Object.values(v.methods)) assert.match(r.stdout, new RegExp(`0x${sel}`));
    assert.match(r.stdout, new RegExp(`0x${v.methods['ping(address)']}  nonpayable  0x${v.methods['ping(address)']}\\(address\\)`));
    assert.match(r.stdout, /storage \(1\):\n {2}slot 0x0 {2}address/);
    assert.match(r.stdout, /high {3}bytecode-unprotected-selfdestruct \(SWC-106\) at pc 0x[0-9a-f]{4} \[confirmed in a local EVM\]/);
    assert.match(r.stdout, /medium bytecode-tx-origin-branch/);
    assert.match(r.stdout, /medium bytecode-unchecked-call/);
  });

  it('json: creation code as an argument, --fail-on none exits 0', () => {
    const v = cs.get('Vulnerable')!;
    const r = synor([v.creation, '--format', 'json', '--fail-on', 'none', '--no-confirm']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.subject.source, '<hex>');
    assert.equal(out.analysis.kind, 'creation');
    assert.equal(out.analysis.runtimeSize, v.runtime.length / 2);
    assert.deepEqual(out.analysis.selectors.map((s: { selector: string }) => s.selector).sort(), Object.values(v.methods).sort());
    const ids = out.analysis.findings.map((f: { id: string }) => f.id).sort();
    assert.deepEqual(ids, ['bytecode-tx-origin-branch', 'bytecode-unchecked-call', 'bytecode-unprotected-selfdestruct']);
    assert.ok(out.analysis.findings.every((f: { confirmed?: boolean }) => f.confirmed === undefined), 'nothing confirmed with --no-confirm');
  });

  it('--fail-on: medium findings fail at medium, not at high', () => {
    // Guarded has none; a contract with only a dropped call result has one medium finding.
    const g = cs.get('Guarded')!;
    assert.equal(synor([g.runtime]).code, 0);
    const only = byName(compileSolidity('pragma solidity ^0.8.20;\ncontract P { function ping(address a) external { (bool ok, ) = a.call(""); ok; } }', {})).get('P')!;
    assert.equal(synor([only.runtime, '--fail-on', 'high']).code, 0);
    assert.equal(synor([only.runtime, '--fail-on', 'medium']).code, 1);
  });

  it('reads JSON artifacts (solc and Foundry shapes)', () => {
    const g = cs.get('Guarded')!;
    const solcShape = synor([file('g.json', JSON.stringify({ abi: [], evm: { deployedBytecode: { object: g.runtime } } })), '--format', 'json']);
    assert.equal(solcShape.code, 0, solcShape.stderr);
    assert.equal(JSON.parse(solcShape.stdout).analysis.kind, 'runtime');
    const foundry = synor([file('f.json', JSON.stringify({ bytecode: { object: `0x${g.creation}` }, deployedBytecode: { object: `0x${g.runtime}` } })), '--format', 'json']);
    assert.equal(JSON.parse(foundry.stdout).analysis.selectors.length, Object.keys(g.methods).length);
    const none = synor([file('n.json', '{"abi": []}')]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /JSON without bytecode/);
  });

  it('sarif: SARIF 2.1.0 with the six detectors and located results', () => {
    const v = cs.get('Vulnerable')!;
    const f = file('v2.hex', v.runtime);
    const r = synor([f, '--format', 'sarif']);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.equal(run.tool.driver.rules.length, 6);
    assert.ok(run.tool.driver.rules.every((d: { helpUri: string }) => /docs\/bytecode\.md#bytecode-/.test(d.helpUri)));
    const sd = run.results.find((x: { ruleId: string }) => x.ruleId === 'bytecode-unprotected-selfdestruct');
    assert.equal(sd.level, 'error');
    assert.equal(run.tool.driver.rules[sd.ruleIndex].id, sd.ruleId);
    assert.equal(sd.locations[0].physicalLocation.artifactLocation.uri, f.split(path.sep).join('/'));
    assert.deepEqual(sd.properties.selectors, [v.methods['kill()']]);
  });

  it('markdown to a file with --output', () => {
    const out = path.join(dir, 'out', 'report.md');
    const r = synor([cs.get('Vulnerable')!.runtime, '--format', 'markdown', '--output', out, '--no-confirm']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    const md = fs.readFileSync(out, 'utf8');
    assert.match(md, /^# Bytecode analysis: <hex>/);
    assert.match(md, /\| high \| \[bytecode-unprotected-selfdestruct\]\(.*docs\/bytecode\.md#bytecode-unprotected-selfdestruct\) \| SWC-106 \|/);
    assert.match(md, /## Storage/);
  });

  it('names known standards and proxies (OpenZeppelin ERC-20 and ERC-1967 proxy)', () => {
    const oz = byName(compileOz(['Token', 'Proxy1967'], { optimizer: true }));
    const t = synor([oz.get('Token')!.runtime, '--no-confirm']);
    assert.equal(t.code, 0, t.stderr);
    assert.match(t.stdout, /standards: ERC-20, Ownable/);
    assert.match(t.stdout, /nonpayable {2}transfer\(address,uint256\)/);
    assert.match(t.stdout, /view {8}balanceOf\(address\)/);
    const p = synor([oz.get('Proxy1967')!.runtime]);
    assert.match(p.stdout, /proxy: eip1967, slot 0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc/);
  });

  it('--source: compiles the source, checks selectors against its ABI and places the findings in it', () => {
    const sol = file('Vulnerable.sol', SOURCE);
    const v = cs.get('Vulnerable')!;
    const r = synor([file('vs.hex', v.runtime), '--source', sol, '--format', 'json', '--no-confirm']);
    assert.equal(r.code, 1, r.stderr);
    const x = JSON.parse(r.stdout).subject.crossCheck;
    assert.equal(x.contract, 'Vulnerable');
    // The source names every function.
    assert.deepEqual(JSON.parse(r.stdout).analysis.selectors.map((f: { signature: string }) => f.signature).sort(), Object.keys(v.methods).sort());
    assert.equal(x.sameBuild, true);
    assert.equal(x.selectors.agree, true);
    const sd = x.findings.find((m: { id: string }) => m.id === 'bytecode-unprotected-selfdestruct');
    assert.equal(sd.both, true);
    assert.equal(sd.bytecode.place.file, sol);
    assert.equal(sd.bytecode.place.start.line, SOURCE.split('\n').findIndex((l) => l.includes('selfdestruct(')));
    assert.deepEqual(sd.source.map((f: { ruleId: string }) => f.ruleId), ['unprotected-selfdestruct']);
    // SARIF places the result in the source.
    const sarif = JSON.parse(synor([v.runtime, '--source', sol, '--format', 'sarif', '--no-confirm']).stdout);
    const res = sarif.runs[0].results.find((x2: { ruleId: string }) => x2.ruleId === 'bytecode-unprotected-selfdestruct');
    assert.equal(res.locations[0].physicalLocation.artifactLocation.uri, sol.split(path.sep).join('/'));
    assert.equal(res.locations[0].physicalLocation.region.startLine, sd.bytecode.place.start.line + 1);
    // Guarded's code against the same source: the contract is chosen by its functions.
    const g = JSON.parse(synor([cs.get('Guarded')!.runtime, '--source', sol, '--format', 'json']).stdout).subject.crossCheck;
    assert.equal(g.contract, 'Guarded');
    assert.equal(g.selectors.agree, true);
  });

  it('--source: code of another build is not placed; a wrong contract or a source that does not compile exits 2', () => {
    const sol = file('Vulnerable2.sol', SOURCE);
    const optimized = byName(compileSolidity(SOURCE, { optimizer: true })).get('Vulnerable')!;
    const r = synor([optimized.runtime, '--source', sol, '--format', 'json', '--no-confirm']);
    const x = JSON.parse(r.stdout).subject.crossCheck;
    assert.equal(x.sameBuild, false);
    assert.equal(x.selectors.agree, true);
    assert.ok(x.findings.filter((m: { bytecode?: unknown }) => m.bytecode).every((m: { bytecode: { place?: unknown } }) => m.bytecode.place === undefined));
    const text = synor([optimized.runtime, '--source', sol, '--no-confirm']).stdout;
    assert.match(text, /the code is not this build of the source/);
    const wrong = synor([optimized.runtime, '--source', sol, '--contract', 'Nope']);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /--contract Nope is not in .*Vulnerable2\.sol \(it has Guarded, Vulnerable\)/);
    const broken = synor([optimized.runtime, '--source', file('Broken.sol', 'pragma solidity ^0.8.20;\ncontract B { function f( }')]);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /Broken\.sol did not compile/);
  });

  it('clear errors, exit 2: garbage hex, odd digits, empty code, huge input, a folder, usage', () => {
    const cases: Array<[string[], RegExp]> = [
      [[file('bad.hex', '0x6080zz')], /bad\.hex is not hexadecimal bytecode \(character "z" at position 6\)/],
      [['0x60806'], /odd number of hex digits \(5\)/],
      [[file('empty.hex', '0x\n')], /empty\.hex is empty: there is no code to analyse/],
      [['0x'], /the argument is empty/],
      [[file('huge.hex', '60'.repeat((1 << 20) + 1))], /huge\.hex is 1048577 bytes, over the 1048576-byte limit/],
      [[dir], /is a folder/],
      [['not-a-file.bin'], /not-a-file\.bin: no such file, and not hexadecimal bytecode/],
      [[], /no input/],
      [['--address', '0x' + '11'.repeat(20)], /--address needs --rpc/],
      [['--address', '0x1234', '--rpc', 'http://127.0.0.1:1'], /--address needs a 20-byte hex address/],
      [['00', '--format', 'html'], /unknown format "html" for synor bytecode/],
      [['00', '--fail-on', 'severe'], /unknown severity "severe"/],
      [['00', '11'], /one input at a time/],
    ];
    for (const [args, message] of cases) {
      const r = synor(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
    }
    assert.equal(synor(['--help']).code, 0);
  });

  it('--address: reads the code and a proxy\'s implementation slot through JSON-RPC (a stub server on localhost)', async () => {
    const oz = byName(compileOz(['Proxy1967'], { optimizer: true }));
    const proxy = `0x${'aa'.repeat(20)}`;
    const impl = `0x${'bb'.repeat(20)}`;
    const calls: string[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const { id, method, params } = JSON.parse(body) as { id: number; method: string; params: string[] };
        calls.push(`${method} ${params[0]}${method === 'eth_getStorageAt' ? ` ${params[1]}` : ''}`);
        const result =
          method === 'eth_getCode' ? (params[0] === proxy ? `0x${oz.get('Proxy1967')!.runtime}` : params[0] === impl ? `0x${cs.get('Vulnerable')!.runtime}` : '0x')
          : method === 'eth_getStorageAt' ? `0x${'0'.repeat(24)}${impl.slice(2)}`
          : undefined;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(result === undefined ? { jsonrpc: '2.0', id, error: { code: -32601, message: 'no such method' } } : { jsonrpc: '2.0', id, result }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const r = await synorAsync(['--address', proxy, '--rpc', url, '--format', 'json', '--no-confirm']);
      assert.equal(r.code, 1, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.equal(out.analysis.proxy.kind, 'eip1967');
      assert.equal(out.subject.implementation.address, impl);
      assert.equal(out.subject.implementation.analysis.findings.some((f: { id: string }) => f.id === 'bytecode-unprotected-selfdestruct'), true);
      assert.deepEqual(calls, [`eth_getCode ${proxy}`, `eth_getStorageAt ${proxy} 0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc`, `eth_getCode ${impl}`]);
      const empty = await synorAsync(['--address', `0x${'cc'.repeat(20)}`, '--rpc', url]);
      assert.equal(empty.code, 2);
      assert.match(empty.stderr, /no code at 0xcccc/);
    } finally {
      server.close();
    }
  });
});
