/**
 * Bytecode analyses in the service: the built `synor serve` as a process with a
 * temporary PGlite, a contract compiled here by the bundled solc, its runtime
 * code submitted as hex (and read through a loopback JSON-RPC stub this test
 * starts: no network), the result's selectors, findings, standards and storage,
 * SARIF and Markdown, the contract found by chain and address, reuse by code
 * hash, and malformed input refused with a typed 400 and nothing stored.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { compileSolidity } from '../helpers/bytecode-contracts';
import { client, startService, waitFor, type Running } from './harness';

const ADMIN = 'synor_testadmin_bytecode_0123456789abcdef';
const CHAIN = 31337;
const ADDRESS = '0x00000000000000000000000000000000000c0111';
const RPC_ADDRESS = '0x00000000000000000000000000000000000C0222';
const EMPTY_ADDRESS = '0x00000000000000000000000000000000000e0000';

const COIN = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Coin {
  mapping(address => uint256) public balanceOf;
  mapping(address => mapping(address => uint256)) public allowance;
  uint256 public totalSupply;
  function transfer(address to, uint256 amount) external returns (bool) { balanceOf[msg.sender] -= amount; balanceOf[to] += amount; return true; }
  function approve(address spender, uint256 amount) external returns (bool) { allowance[msg.sender][spender] = amount; return true; }
  function transferFrom(address from, address to, uint256 amount) external returns (bool) { allowance[from][msg.sender] -= amount; balanceOf[from] -= amount; balanceOf[to] += amount; return true; }
  function mint(uint256 amount) external { balanceOf[msg.sender] += amount; totalSupply += amount; }
  function kill() external { selfdestruct(payable(msg.sender)); }
}`;

/** A JSON-RPC endpoint on loopback answering eth_getCode from a table; everything else is an error. */
async function rpcStub(code: Record<string, string>): Promise<{ url: string; calls: string[]; close(): Promise<void> }> {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const r = JSON.parse(body) as { id: number; method: string; params: [string, string] };
      calls.push(`${r.method} ${r.params?.[0]}`);
      const answer = r.method === 'eth_getCode' ? { jsonrpc: '2.0', id: r.id, result: code[r.params[0].toLowerCase()] ?? '0x' } : { jsonrpc: '2.0', id: r.id, error: { code: -32601, message: 'method not found' } };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('service (embedded PGlite): bytecode analyses', function () {
  this.timeout(300_000);
  let svc: Running;
  let rpc: Awaited<ReturnType<typeof rpcStub>>;
  let admin: ReturnType<typeof client>;
  let projectId: string;
  let runtime: string;
  let optimised: string;
  let creation: string;
  let first: any;

  before(async () => {
    const plain = compileSolidity(COIN, { name: 'Coin.sol' }).find((c) => c.name === 'Coin')!;
    const opt = compileSolidity(COIN, { name: 'Coin.sol', optimizer: true }).find((c) => c.name === 'Coin')!;
    runtime = '0x' + plain.runtime;
    optimised = '0x' + opt.runtime;
    creation = '0x' + plain.creation;
    assert.notEqual(runtime, optimised);
    rpc = await rpcStub({ [RPC_ADDRESS.toLowerCase()]: runtime });
    // Chain 31338's endpoint is a closed loopback port: the RPC fails.
    svc = await startService({ env: { SYNOR_ADMIN_KEY: ADMIN, [`SYNOR_RPC_${CHAIN}`]: rpc.url, SYNOR_RPC_31338: 'http://127.0.0.1:1' } });
    admin = client(svc.url, ADMIN);
    const p = await admin('POST', '/api/v1/projects', { name: `bytecode-${Date.now()}` });
    assert.equal(p.status, 201, p.text);
    projectId = p.body.id;
  });
  after(async () => {
    await svc?.stop();
    await rpc?.close();
  });

  async function stored() {
    const a = await admin('GET', `/api/v1/projects/${projectId}/analyses?limit=500`);
    const c = await admin('GET', `/api/v1/contracts?projectId=${projectId}`);
    return { analyses: a.body.analyses.length, contracts: c.body.contracts.length };
  }

  it('analyses runtime bytecode: selectors with argument types, findings with fingerprints, standards, proxy kind, storage', async () => {
    const r = await admin('POST', '/api/v1/contracts/analyze', { projectId, bytecode: runtime, chainId: CHAIN, address: ADDRESS });
    assert.equal(r.status, 202, r.text);
    assert.equal(r.body.reused, false);
    first = await waitFor(admin, r.body.id);
    assert.equal(first.status, 'succeeded', JSON.stringify(first));
    assert.equal(first.kind, 'bytecode');
    assert.equal(first.chainId, CHAIN);
    assert.equal(first.address, ADDRESS);
    const b = first.result.bytecode;
    assert.match(b.codeHash, /^0x[0-9a-f]{64}$/);
    const a = b.analysis;
    assert.equal(a.kind, 'runtime');
    assert.deepEqual(a.selectors.map((s: any) => s.selector), ['095ea7b3', '18160ddd', '23b872dd', '41c0e1b5', '70a08231', 'a0712d68', 'a9059cbb', 'dd62ed3e']);
    const mint = a.selectors.find((s: any) => s.selector === 'a0712d68');
    assert.deepEqual(mint.inputs, ['uint256']);
    assert.equal(mint.inputsFrom, 'bytecode');
    assert.deepEqual(a.selectors.find((s: any) => s.selector === '23b872dd').inputs, ['address', 'address', 'uint256']);
    assert.equal(a.selectors.find((s: any) => s.selector === '70a08231').stateMutability, 'view');
    assert.deepEqual(a.standards.filter((s: any) => s.complete).map((s: any) => s.standard), ['ERC-20']);
    assert.equal(a.proxy.kind, 'none');
    assert.ok(a.storage.some((v: any) => v.slot === '0x0' && v.type === 'mapping(address => uint256)'), JSON.stringify(a.storage));
    assert.match(a.metadata.solc, /^0\.8\./);

    const findings = first.result.findings;
    assert.deepEqual(findings.map((f: any) => f.ruleId), ['bytecode-unprotected-selfdestruct']);
    const f = findings[0];
    assert.equal(f.severity, 'high');
    assert.equal(f.swc, 'SWC-106');
    assert.deepEqual(f.selectors, ['41c0e1b5']);
    assert.equal(f.confirmed, true);
    assert.match(f.fingerprint, /^bytecode:[0-9a-f]{32}$/);
    assert.equal(first.result.summary.findings, 1);
    assert.equal(first.result.summary.bySeverity.high, 1);
  });

  it('renders SARIF 2.1.0 and Markdown for a bytecode analysis', async () => {
    const s = await admin('GET', `/api/v1/analyses/${first.id}/sarif`);
    assert.equal(s.status, 200, s.text);
    assert.match(s.headers.get('content-type') ?? '', /application\/sarif\+json/);
    assert.equal(s.body.version, '2.1.0');
    const run = s.body.runs[0];
    assert.equal(run.tool.driver.name, 'Synor');
    assert.ok(run.tool.driver.rules.some((r: any) => r.id === 'bytecode-unprotected-selfdestruct'));
    assert.equal(run.results.length, 1);
    assert.equal(run.results[0].ruleId, 'bytecode-unprotected-selfdestruct');
    assert.equal(run.results[0].level, 'error');
    assert.equal(run.results[0].partialFingerprints['synor/bytecode/v1'], first.result.findings[0].fingerprint);
    assert.equal(run.results[0].locations[0].logicalLocations[0].kind, 'instruction');
    assert.equal(run.properties.address, ADDRESS.toLowerCase());
    assert.equal(run.properties.chainId, CHAIN);
    assert.equal(run.properties.codeHash, first.result.bytecode.codeHash);
    const m = await admin('GET', `/api/v1/analyses/${first.id}/markdown`);
    assert.equal(m.status, 200);
    assert.match(m.headers.get('content-type') ?? '', /text\/markdown/);
    assert.match(m.text, /^# Bytecode analysis: chain 31337 0x0+c0111/);
    assert.match(m.text, /bytecode-unprotected-selfdestruct/);
    assert.match(m.text, /`0xa0712d68` \| nonpayable \| `0xa0712d68\(uint256\)`/);
  });

  it('finds the contract by address and chain, with its bytecode hash and latest analysis', async () => {
    const found = await admin('GET', `/api/v1/contracts?projectId=${projectId}&chainId=${CHAIN}&address=${ADDRESS.toUpperCase().replace('0X', '0x')}`);
    assert.equal(found.status, 200, found.text);
    assert.equal(found.body.contracts.length, 1);
    const c = found.body.contracts[0];
    assert.equal(c.chainId, CHAIN);
    assert.equal(c.address, ADDRESS.toLowerCase());
    assert.equal(c.bytecodeHash, first.result.bytecode.codeHash);
    const one = await admin('GET', `/api/v1/contracts/${c.id}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.bytecodeHash, first.result.bytecode.codeHash);
    assert.equal(one.body.latestAnalysis.id, first.id);
    assert.equal((await admin('GET', `/api/v1/contracts?projectId=${projectId}&chainId=1&address=${ADDRESS}`)).body.contracts.length, 0);
  });

  it('reuses the result for the same code, reads code through the configured RPC, and keeps fingerprints across compiler settings', async () => {
    const again = await admin('POST', '/api/v1/contracts/analyze', { projectId, bytecode: runtime.toUpperCase().replace('0X', '0x') });
    assert.equal(again.status, 202, again.text);
    assert.equal(again.body.reused, true);
    assert.equal(again.body.reusedFrom, first.id);

    const viaRpc = await admin('POST', '/api/v1/contracts/analyze', { projectId, chainId: CHAIN, address: RPC_ADDRESS });
    assert.equal(viaRpc.status, 202, viaRpc.text);
    assert.equal(viaRpc.body.reused, true);
    assert.ok(rpc.calls.includes(`eth_getCode ${RPC_ADDRESS}`), rpc.calls.join('\n'));
    const done = await waitFor(admin, viaRpc.body.id);
    assert.equal(done.address, RPC_ADDRESS.toLowerCase());
    const c = await admin('GET', `/api/v1/contracts?projectId=${projectId}&chainId=${CHAIN}&address=${RPC_ADDRESS}`);
    assert.equal(c.body.contracts.length, 1);
    assert.equal(c.body.contracts[0].bytecodeHash, first.result.bytecode.codeHash);

    // Optimised code: other pcs, the same findings by fingerprint.
    const opt = await admin('POST', '/api/v1/contracts/analyze', { projectId, bytecode: optimised });
    assert.equal(opt.body.reused, false);
    const o = await waitFor(admin, opt.body.id);
    assert.equal(o.status, 'succeeded', JSON.stringify(o));
    assert.notEqual(o.result.findings[0].pc, first.result.findings[0].pc);
    assert.deepEqual(o.result.findings.map((f: any) => f.fingerprint), first.result.findings.map((f: any) => f.fingerprint));
    const d = await admin('GET', `/api/v1/analyses/${o.id}/diff?base=${first.id}`);
    assert.deepEqual(d.body.summary, { new: 0, fixed: 0, unchanged: 1 });

    // Creation code: the runtime inside it is found and analysed.
    const cr = await admin('POST', '/api/v1/contracts/analyze', { projectId, bytecode: creation });
    assert.equal(cr.status, 202, cr.text);
    const ca = await waitFor(admin, cr.body.id);
    assert.equal(ca.status, 'succeeded', JSON.stringify(ca));
    assert.equal(ca.result.bytecode.analysis.kind, 'creation');
    assert.deepEqual(ca.result.bytecode.analysis.selectors.map((s: any) => s.selector), first.result.bytecode.analysis.selectors.map((s: any) => s.selector));
    assert.deepEqual(ca.result.findings.map((f: any) => f.fingerprint), first.result.findings.map((f: any) => f.fingerprint));
  });

  it('refuses malformed bytecode and unusable addresses with a typed 4xx and stores nothing', async () => {
    const before = await stored();
    const bad: Array<[unknown, number, string]> = [
      [{ bytecode: '6080604052' }, 400, 'validation_error'],
      [{ bytecode: '0x608060405' }, 400, 'validation_error'],
      [{ bytecode: '0x60806zz052' }, 400, 'validation_error'],
      [{ bytecode: '0x' }, 400, 'validation_error'],
      [{ bytecode: 42 }, 400, 'validation_error'],
      [{ bytecode: '0x' + '60'.repeat(2 * 49152 + 1) }, 400, 'validation_error'],
      [{ bytecode: runtime, address: '0x1234' , chainId: CHAIN }, 400, 'validation_error'],
      [{ bytecode: runtime, address: ADDRESS }, 400, 'validation_error'],
      [{ bytecode: runtime, files: { 'A.sol': 'contract A {}' } }, 400, 'validation_error'],
      [{ chainId: 1, address: ADDRESS }, 400, 'validation_error'],
      [{ chainId: CHAIN, address: EMPTY_ADDRESS }, 404, 'not_found'],
      [{ chainId: 31338, address: ADDRESS }, 502, 'upstream_error'],
    ];
    for (const [body, status, type] of bad) {
      const r = await admin('POST', '/api/v1/contracts/analyze', { projectId, ...(body as object) });
      assert.equal(r.status, status, `${JSON.stringify(body).slice(0, 80)}: ${r.text}`);
      assert.equal(r.body.error.type, type);
      assert.ok(r.body.error.requestId);
    }
    assert.deepEqual(await stored(), before);
    assert.equal((await admin('GET', `/api/v1/contracts?projectId=${projectId}&address=${EMPTY_ADDRESS}`)).body.contracts.length, 0);
  });
});
