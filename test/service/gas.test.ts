/**
 * Measured gas in the service's results: the real service (`synor serve` from the built
 * binary, embedded PGlite, loopback port) runs an analysis with `settings.measure`, which
 * compiles with a bundled solc and measures in the EVM, and the figures stored per contract
 * (deployment, size against EIP-170, per-function gas with min / median / max) and the
 * measured savings of fixes are the ones `synor --measure --format json` gives for the same
 * source, run as a process beside it. A source that does not compile still succeeds, with its
 * findings and a note that says why nothing was measured.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, client, startService, waitFor, type Running } from './harness';

const ADMIN = 'synor_gasadmin_0123456789abcdefghijklmnop';

/** A contract with a loop over storage, a guarded setter, and gas hints whose fixes can be measured. */
const LEDGER = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Ledger {
    uint256[] public entries;
    uint256 public total;
    address public clerk;

    constructor() {
        clerk = msg.sender;
    }

    function setClerk(address next) external {
        require(msg.sender == clerk, "only the clerk");
        clerk = next;
    }

    function record(uint256 amount) external {
        entries.push(amount);
    }

    function settle() external returns (uint256) {
        uint256 s = 0;
        for (uint256 i = 0; i < entries.length; i++) {
            s += entries[i];
        }
        total = s;
        return s;
    }
}
`;

/** Half-typed: the parser recovers and the rules still find the unchecked send, but solc refuses it. */
const BROKEN = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Drawer {
    mapping(address => uint256) public owed;

    function take() external {
        uint256 amount = owed[msg.sender];
        payable(msg.sender).send(amount);
        owed[msg.sender] = 0;
        undefinedThing = amount;
    }
}
`;

/** The CLI's `--measure --format json` report for one file, run in a folder of its own. */
function cliReport(name: string, text: string): any {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-gas-cli-'));
  try {
    fs.writeFileSync(path.join(dir, name), text);
    const r = spawnSync(process.execPath, [BIN, '--measure', '--allow-unmeasured', '--format', 'json', name], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
    assert.ok(r.status === 0 || r.status === 1, `synor --measure exited ${r.status}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** What a contract's measurement says, without the parts that are presentation (source ranges, opcode counts). */
function figures(c: any) {
  return {
    name: c.name,
    file: c.file,
    deploy: c.deploy,
    runtimeSize: c.runtimeSize,
    sizeLimit: c.sizeLimit,
    functions: c.functions.map((f: any) => ({ signature: f.signature, gas: f.gas, stats: f.stats, perIteration: f.perIteration, refund: f.refund, revertReason: f.revertReason, scenario: f.scenario })),
  };
}

describe('service: measured gas (settings.measure, embedded PGlite, real solc and EVM)', function () {
  this.timeout(600_000);
  let svc: Running;
  let admin: ReturnType<typeof client>;
  let projectId: string;

  before(async () => {
    svc = await startService({ env: { SYNOR_ADMIN_KEY: ADMIN } });
    admin = client(svc.url, ADMIN);
    const p = await admin('POST', '/api/v1/projects', { name: 'gas' });
    assert.equal(p.status, 201, p.text);
    projectId = p.body.id;
  });
  after(async () => svc?.stop());

  it('stores the figures synor --measure gives for the same source, and renders them in Markdown and SARIF', async () => {
    const submitted = await admin('POST', '/api/v1/contracts/analyze', { projectId, files: { 'src/Ledger.sol': LEDGER }, settings: { measure: true } });
    assert.equal(submitted.status, 202, submitted.text);
    const cli = cliReport('Ledger.sol', LEDGER);
    const done = await waitFor(admin, submitted.body.id, 300_000);
    assert.equal(done.status, 'succeeded', JSON.stringify(done));
    const gas = done.result.gas;
    assert.ok(gas, 'the result has measured gas');

    // Per contract: deployment, size against EIP-170, per-function figures with their spread.
    assert.ok(cli.gas.length > 0, 'the CLI measured the contract');
    assert.deepEqual(
      gas.contracts.map(figures),
      cli.gas.map((c: any) => figures({ ...c, file: `src/${c.file}` })),
    );
    const ledger = gas.contracts.find((c: any) => c.name === 'Ledger');
    assert.ok(typeof ledger.deploy.gas === 'number' && ledger.deploy.gas > 0);
    assert.ok(ledger.runtimeSize > 0 && ledger.runtimeSize < ledger.sizeLimit);
    const settle = ledger.functions.find((f: any) => f.signature === 'settle()');
    assert.ok(settle.stats && settle.stats.min <= settle.stats.median && settle.stats.median <= settle.stats.max, JSON.stringify(settle));
    assert.ok(settle.perIteration && settle.perIteration.gas > 0, 'the loop is measured per iteration');
    assert.equal(gas.deployed, 1);
    assert.equal(gas.deployable, 1);
    assert.equal(gas.headline, undefined);
    // The notes say which compiler measured, with the request's paths, never the service's temporary folder.
    assert.deepEqual(gas.notes, cli.notes.map((n: string) => `src/${n}`));
    assert.ok(gas.notes.every((n: string) => !n.includes(os.tmpdir())), gas.notes.join('\n'));

    // Fixes' measured savings: the same verdicts and figures, finding by finding.
    const verdicts = (fs: any[]) => fs.filter((f) => f.gas?.verdict || f.gas?.unmeasured).map((f) => ({ ruleId: f.ruleId, line: f.range.start.line, measured: f.gas.measured, verdict: f.gas.verdict, unmeasured: f.gas.unmeasured })).sort((a, b) => a.line - b.line || a.ruleId.localeCompare(b.ruleId));
    assert.ok(verdicts(cli.findings).length > 0, 'the CLI measured some fix');
    assert.deepEqual(verdicts(done.result.findings), verdicts(cli.findings));
    assert.deepEqual(done.result.findings.map((f: any) => f.ruleId).sort(), cli.findings.map((f: any) => f.ruleId).sort());

    const md = await admin('GET', `/api/v1/analyses/${done.id}/markdown`);
    assert.equal(md.status, 200);
    assert.match(md.text, /## Measured gas/);
    assert.ok(md.text.includes(ledger.deploy.gas.toLocaleString('en-US')), 'the Markdown shows the deployment gas');
    assert.ok(md.text.includes('`settle()`'), md.text);
    const sarif = await admin('GET', `/api/v1/analyses/${done.id}/sarif`);
    assert.equal(sarif.status, 200);
    const measuredInSarif = JSON.parse(sarif.text).runs[0].results.filter((r: any) => r.properties?.gas?.verdict);
    assert.equal(measuredInSarif.length, verdicts(cli.findings).filter((v) => v.verdict).length);

    // The setting is part of the idempotency key: without it, the same source is another analysis, without gas.
    const plain = await admin('POST', '/api/v1/contracts/analyze', { projectId, files: { 'src/Ledger.sol': LEDGER } });
    assert.equal(plain.status, 202);
    assert.notEqual(plain.body.id, done.id);
    const plainDone = await waitFor(admin, plain.body.id);
    assert.equal(plainDone.status, 'succeeded');
    assert.equal(plainDone.result.gas, undefined);
    assert.equal(plainDone.reusedFrom, null);
    const spelt = await admin('POST', '/api/v1/contracts/analyze', { projectId, files: { 'src/Ledger.sol': LEDGER }, settings: { measure: false } });
    assert.equal(spelt.body.reused, true, 'measure: false is the same analysis as no setting');
    assert.equal((await waitFor(admin, spelt.body.id)).reusedFrom, plain.body.id);
    const again = await admin('POST', '/api/v1/contracts/analyze', { projectId, files: { 'src/Ledger.sol': LEDGER }, settings: { measure: true } });
    assert.equal(again.body.reused, true, again.text);
    assert.deepEqual((await waitFor(admin, again.body.id)).result.gas, gas);

    // The schema of the measurement is in the OpenAPI document.
    const openapi = await admin('GET', '/api/v1/openapi.json');
    const doc = JSON.stringify(openapi.body);
    assert.match(doc, /"measure":\{"type":"boolean"/);
    assert.match(doc, /"sizeLimit"/);
  });

  it('a source that does not compile: the analysis succeeds with its findings and a note saying why nothing was measured', async () => {
    const submitted = await admin('POST', '/api/v1/contracts/analyze', { projectId, files: { 'src/Drawer.sol': BROKEN }, settings: { measure: true } });
    assert.equal(submitted.status, 202, submitted.text);
    const done = await waitFor(admin, submitted.body.id, 300_000);
    assert.equal(done.status, 'succeeded', JSON.stringify(done));
    const rules = new Set(done.result.findings.map((f: any) => f.ruleId));
    assert.ok(rules.has('compiler-error'), [...rules].join(', '));
    assert.ok([...rules].some((r) => r !== 'compiler-error'), 'the rules still report on the text');
    assert.ok(done.result.findings.every((f: any) => typeof f.fingerprint === 'string' && f.fingerprint.length > 0), 'every finding has a fingerprint');
    const gas = done.result.gas;
    assert.equal(gas.deployed, 0);
    assert.match(gas.headline, /^Nothing was measured: /);
    assert.ok(gas.notes.some((n: string) => /^src\/Drawer\.sol: gas not measured: the file does not compile/.test(n)), gas.notes.join('\n'));
    const md = await admin('GET', `/api/v1/analyses/${done.id}/markdown`);
    assert.ok(md.text.includes(gas.headline), md.text.slice(0, 400));
  });

  it("keeps to the analysis's time limit: a short limit ends the measurement with a note, and the analysis still succeeds within it", async () => {
    const LIMIT = 8000;
    const short = await startService({ env: { SYNOR_ADMIN_KEY: ADMIN, SYNOR_ANALYSIS_TIME_LIMIT_MS: String(LIMIT) } });
    try {
      const call = client(short.url, ADMIN);
      const p = await call('POST', '/api/v1/projects', { name: 'gas-short' });
      // Many contracts, each deployed and called in many scenarios: far more than the limit allows.
      const many = Array.from({ length: 40 }, (_, i) => LEDGER.replace('contract Ledger', `contract Ledger${i}`).replace(/^\/\/ SPDX.*\npragma.*\n/, '')).join('\n');
      const text = `// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\n${many}`;
      const r = await call('POST', '/api/v1/contracts/analyze', { projectId: p.body.id, files: { 'src/Many.sol': text }, settings: { measure: true } });
      assert.equal(r.status, 202, r.text);
      const done = await waitFor(call, r.body.id, 120_000);
      const took = new Date(done.finishedAt).getTime() - new Date(done.startedAt).getTime();
      assert.equal(done.status, 'succeeded', JSON.stringify({ status: done.status, error: done.error }));
      assert.ok(took < LIMIT + 1500, `the analysis took ${took} ms with a limit of ${LIMIT} ms`);
      assert.ok(done.result.findings.length > 0, 'the findings of the rules are kept');
      const gas = done.result.gas;
      const notes = gas.notes.join('\n');
      // What the limit left unmeasured is said (on a machine fast enough to measure everything in time, nothing is left).
      if (!(gas.deployable === 40 && gas.deployed === 40)) assert.match(notes, /time limit/, notes);
      console.log(`      (${took} ms with a limit of ${LIMIT} ms; ${done.result.gas.deployed} of ${done.result.gas.deployable} contracts measured; ${done.result.gas.notes.filter((n: string) => /time limit/.test(n)).length} notes about the limit)`);
    } finally {
      await short.stop();
    }
  });
});
