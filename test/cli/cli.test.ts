/**
 * The `synor` binary, spawned as a user or CI would run it, over the example
 * contracts (solc 0.4, 0.6 and 0.8 files) in every output format.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'cli/out/synor.js');
const EXAMPLES = path.join(ROOT, 'examples');

function synor(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'synor-cli-'));
}

describe('synor CLI', function () {
  this.timeout(180_000);

  before(() => {
    assert.ok(fs.existsSync(BIN), 'the CLI bundle is built (npm ci runs the build)');
  });

  it('prints findings grouped by file with code frames, and exits 1 on high findings', () => {
    const r = synor(['examples/']);
    assert.equal(r.code, 1, r.stderr);
    for (const f of ['examples/VulnerableBank.sol', 'examples/GasHeavy.sol', 'examples/legacy/OldToken.sol', 'examples/legacy/Auction.sol']) assert.match(r.stdout, new RegExp(`^${f}$`, 'm'));
    assert.match(r.stdout, /reentrancy-eth/);
    assert.match(r.stdout, /\d+ \| .*msg\.sender\.call\{value: amount\}/);
    assert.match(r.stdout, /^\d+ finding\(s\) in 4 file\(s\): \d+ high/m);
  });

  it('json: the engine findings with version, tool, files and errors', () => {
    const r = synor(['examples/', '--format', 'json']);
    const out = JSON.parse(r.stdout);
    assert.equal(out.version, 1);
    assert.equal(out.tool.name, 'synor');
    assert.equal(out.files.length, 4);
    assert.deepEqual(out.errors, []);
    const f = out.findings.find((x: { ruleId: string }) => x.ruleId === 'tx-origin-auth');
    assert.equal(f.swc, 'SWC-115');
    assert.equal(f.messageId, 'tx-origin-compare');
    assert.equal(f.file, path.join('examples', 'VulnerableBank.sol'));
    assert.deepEqual(Object.keys(f.range), ['start', 'end']);
    assert.ok(out.risk.some((x: { contract: string; score: number }) => x.contract === 'VulnerableBank' && x.score > 50));
    // The findings of the old-compiler file come from version-aware rules.
    assert.ok(out.findings.some((x: { ruleId: string; file: string }) => x.ruleId === 'integer-overflow' && x.file.endsWith('OldToken.sol')));
    assert.ok(!out.findings.some((x: { ruleId: string; file: string }) => x.ruleId === 'integer-overflow' && x.file.endsWith('VulnerableBank.sol')));
  });

  it('sarif: valid SARIF 2.1.0 with one descriptor per rule and regions', () => {
    const r = synor(['examples/', '--format', 'sarif']);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const log: any = JSON.parse(r.stdout);
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const ok = validate(structuredClone(log));
    assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 1));
    const run = log.runs[0];
    const list = JSON.parse(synor(['--list-rules', '--format', 'json']).stdout);
    assert.equal(run.tool.driver.rules.length, list.length);
    const reentrancy = run.results.find((x: { ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => x.ruleId === 'reentrancy-eth' && x.locations[0].physicalLocation.artifactLocation.uri.endsWith('VulnerableBank.sol'));
    assert.equal(run.tool.driver.rules[reentrancy.ruleIndex].id, 'reentrancy-eth');
    assert.ok(run.tool.driver.rules[reentrancy.ruleIndex].properties.tags.includes('SWC-107'));
    assert.equal(reentrancy.locations[0].physicalLocation.region.startLine, 21);
    // Our message id is a property of the result; the rule's descriptor lists every message id.
    assert.equal(reentrancy.properties.messageId, 'state-after-eth');
    assert.ok(reentrancy.properties.messageId in run.tool.driver.rules[reentrancy.ruleIndex].messageStrings);
    assert.equal(reentrancy.message.id, undefined);
  });

  it('markdown: an audit-style report with a severity table and code', () => {
    const r = synor(['examples/', '--format', 'markdown']);
    assert.match(r.stdout, /^# Synor security and gas report/m);
    assert.match(r.stdout, /\| High \| [1-9]\d* \|/);
    assert.match(r.stdout, /## Risk by contract/);
    assert.match(r.stdout, /#### \[H-\d+\] /);
    assert.match(r.stdout, /```solidity\n/);
  });

  it('--output writes the report to a file', () => {
    const dir = tmpdir();
    const out = path.join(dir, 'nested', 'report.json');
    const r = synor(['examples/GasHeavy.sol', '--format', 'json', '--output', out, '--fail-on', 'none']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.ok(JSON.parse(fs.readFileSync(out, 'utf8')).findings.length > 0);
  });

  it('--fail-on sets the threshold', () => {
    assert.equal(synor(['examples/GasHeavy.sol', '--fail-on', 'high']).code, 0);
    assert.equal(synor(['examples/GasHeavy.sol', '--fail-on', 'low']).code, 1);
    assert.equal(synor(['examples/', '--fail-on', 'none']).code, 0);
  });

  it('junk and unreadable inputs exit 2 with a clear message while the rest is analysed', () => {
    const dir = tmpdir();
    fs.writeFileSync(path.join(dir, 'binary.sol'), Buffer.from([0, 1, 2, 3, 255, 254]));
    fs.writeFileSync(path.join(dir, 'prose.sol'), 'this is not solidity at all\n');
    fs.copyFileSync(path.join(EXAMPLES, 'VulnerableBank.sol'), path.join(dir, 'Bank.sol'));
    const r = synor([dir, path.join(dir, 'missing.sol'), '--format', 'json']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /binary\.sol: not analysed: binary file/);
    assert.match(r.stderr, /prose\.sol: could not be parsed as Solidity at all/);
    assert.match(r.stderr, /missing\.sol: no such file or folder/);
    const out = JSON.parse(r.stdout);
    assert.ok(out.findings.some((f: { ruleId: string; file: string }) => f.ruleId === 'reentrancy-eth' && f.file.endsWith('Bank.sol')));
    assert.equal(out.errors.length, 3);
  });

  it('usage errors and a bad config exit 2 and say why', () => {
    const bad = synor(['--format', 'yaml']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown format "yaml"/);
    assert.equal(synor(['--frobnicate']).code, 2);
    const dir = tmpdir();
    fs.writeFileSync(path.join(dir, 'synor.config.json'), '{\n  "rules": { "tx-origin-auth": "off", "not-a-rule": "off" }\n}\n');
    fs.copyFileSync(path.join(EXAMPLES, 'VulnerableBank.sol'), path.join(dir, 'Bank.sol'));
    const r = synor([dir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /synor\.config\.json:2:39: unknown rule id "not-a-rule"/);
  });

  it('applies synor.config.json: rules off and excluded paths', () => {
    const dir = tmpdir();
    fs.mkdirSync(path.join(dir, 'vendor'));
    fs.writeFileSync(path.join(dir, 'synor.config.json'), '{ "rules": { "tx-origin-auth": "off" }, "exclude": ["vendor/**"] }');
    fs.copyFileSync(path.join(EXAMPLES, 'VulnerableBank.sol'), path.join(dir, 'Bank.sol'));
    fs.copyFileSync(path.join(EXAMPLES, 'VulnerableBank.sol'), path.join(dir, 'vendor', 'Other.sol'));
    const out = JSON.parse(synor([dir, '--format', 'json']).stdout);
    assert.equal(out.files.length, 1);
    assert.ok(!out.findings.some((f: { ruleId: string }) => f.ruleId === 'tx-origin-auth'));
    assert.ok(out.findings.some((f: { ruleId: string }) => f.ruleId === 'reentrancy-eth'));
  });

  it('--list-rules lists every rule with its metadata', () => {
    const r = synor(['--list-rules']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^id\s+category\s+severity\s+confidence\s+swc\s+fix\s+title$/m);
    assert.match(r.stdout, /^reentrancy-eth\s+security\s+high\s+\w+\s+SWC-107\s/m);
    assert.match(r.stdout, /^\d+ rules$/m);
  });

  it('--measure adds compiled and measured gas to the report', () => {
    const r = synor(['examples/GasHeavy.sol', '--measure', '--format', 'json', '--fail-on', 'none']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const c = out.gas.find((g: { name: string }) => g.name === 'GasHeavy');
    assert.ok(c.deploy.gas > 100_000);
    assert.ok(c.runtimeSize > 0 && c.runtimeSize < c.sizeLimit);
    const sum = c.functions.find((f: { name: string }) => f.name === 'sum');
    assert.ok(typeof sum.gas === 'number' && sum.gas > 21_000);
    const cached = out.findings.find((f: { ruleId: string }) => f.ruleId === 'cache-array-length');
    assert.ok(cached.gas.measured, JSON.stringify(cached.gas));
    const call = cached.gas.measured.calls.find((x: { fn: string }) => x.fn.startsWith('sum'));
    assert.ok(call.after < call.before, `cache-array-length saves gas in sum(): ${call.before} → ${call.after}`);
    assert.match(out.notes.join('\n'), /solc 0\.8\.37/);
  });
});
