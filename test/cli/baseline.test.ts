/**
 * Baselines, triage and --diff=<ref> through the built `synor` binary, over
 * files in a temporary folder (a real git repository for --diff).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'cli/out/synor.js');

function synor(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function git(args: string[], cwd: string): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const BANK = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

contract Bank {
    mapping(address => uint256) public balances;
    address owner;

    function deposit() external payable {
        balances[msg.sender] += msg.value;
    }

    function withdraw(uint256 amount) external {
        require(balances[msg.sender] >= amount);
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok);
        balances[msg.sender] -= amount;
    }

    function close() external {
        require(tx.origin == owner);
        balances[msg.sender] = 0;
    }
}
`;

/** The same contract with a new function, and unrelated edits that move every line. */
const EDITED = BANK.replace('contract Bank {', '/// @title A bank, edited.\ncontract Bank {\n    event Swept(address to);\n')
  .replace('    function deposit()', '    function sweep(address payable to) external {\n        to.transfer(address(this).balance);\n    }\n\n    function deposit()')
  .replace('balances[msg.sender] += msg.value;', 'balances[msg.sender] = balances[msg.sender] + msg.value;');

interface JsonFinding {
  ruleId: string;
  fingerprint: string;
  severity: string;
  range: { start: { line: number } };
}

function findings(args: string[], cwd: string): JsonFinding[] {
  const r = synor([...args, '--format', 'json', '--fail-on', 'none'], cwd);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).findings;
}

describe('synor baseline, triage and --diff', function () {
  this.timeout(180_000);
  let dir: string;

  before(() => assert.ok(fs.existsSync(BIN), 'the CLI bundle is built (npm run build)'));
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-baseline-'));
    fs.writeFileSync(path.join(dir, 'Bank.sol'), BANK);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('every output carries the fingerprints: json, SARIF partialFingerprints, markdown', () => {
    const json = findings(['Bank.sol'], dir);
    assert.ok(json.length > 0 && json.every((f) => /^[0-9a-f]{20}$/.test(f.fingerprint)));
    const sarif = JSON.parse(synor(['Bank.sol', '--format', 'sarif'], dir).stdout);
    const fps = sarif.runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['synor/v1']);
    assert.deepEqual(fps.sort(), json.map((f) => f.fingerprint).sort());
    const md = synor(['Bank.sol', '--format', 'markdown'], dir).stdout;
    assert.ok(md.includes(`**Fingerprint:** \`${json[0].fingerprint}\``));
  });

  it('baseline round trip: nothing new on the same code; only the new finding after edits; fixed entries counted', () => {
    const w = synor(['baseline', 'Bank.sol'], dir);
    assert.equal(w.code, 0, w.stderr);
    const file = path.join(dir, '.synor/baseline.json');
    const b = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.equal(b.version, 1);
    assert.equal(b.findings.length, findings(['Bank.sol'], dir).length);
    assert.ok(b.findings.every((e: Record<string, string>) => e.fingerprint && e.rule && e.file === 'Bank.sol' && e.message && typeof e.excerpt === 'string'));
    // Written twice, the file is byte for byte the same.
    const text = fs.readFileSync(file, 'utf8');
    synor(['baseline', 'Bank.sol'], dir);
    assert.equal(fs.readFileSync(file, 'utf8'), text);

    const same = synor(['Bank.sol', '--baseline', '.synor/baseline.json'], dir);
    assert.equal(same.code, 0, same.stdout);
    assert.match(same.stderr, /0 new findings, \d+ in the baseline not reported, 0 baseline entries no longer found/);

    fs.writeFileSync(path.join(dir, 'Bank.sol'), EDITED.replace('require(tx.origin == owner);', 'require(msg.sender == owner);'));
    const fresh = findings(['Bank.sol', '--baseline', '.synor/baseline.json'], dir);
    assert.ok(fresh.length > 0);
    assert.ok(fresh.every((f) => f.range.start.line + 1 >= 11 && f.range.start.line + 1 <= 13), JSON.stringify(fresh));
    const r = synor(['Bank.sol', '--baseline', '.synor/baseline.json', '--fail-on', 'high'], dir);
    assert.match(r.stderr, /1 baseline entry no longer found \(fixed\)/);
    // --fail-on judges the new findings only: arbitrary-eth-send on sweep() is high.
    assert.equal(r.code, fresh.some((f) => f.severity === 'high') ? 1 : 0);
    // Renamed, the file still matches its baseline.
    fs.writeFileSync(path.join(dir, 'Bank.sol'), BANK);
    fs.renameSync(path.join(dir, 'Bank.sol'), path.join(dir, 'Vault.sol'));
    assert.deepEqual(findings(['Vault.sol', '--baseline', '.synor/baseline.json'], dir), []);
  });

  it('a triaged finding stays hidden after edits elsewhere in the file, and --show-triaged shows it', () => {
    const before = findings(['Bank.sol'], dir);
    const reentrancy = before.find((f) => f.ruleId.startsWith('reentrancy'))!;
    assert.ok(reentrancy, 'the contract has a reentrancy finding');
    fs.mkdirSync(path.join(dir, '.synor'));
    fs.writeFileSync(path.join(dir, '.synor/triage.json'), JSON.stringify({ version: 1, findings: { [reentrancy.fingerprint]: { state: 'accepted-risk', reason: 'only trusted callers', author: 'alice', date: '2026-12-07' } } }));
    fs.writeFileSync(path.join(dir, 'Bank.sol'), EDITED);
    const r = synor(['Bank.sol', '--format', 'json', '--fail-on', 'none'], dir);
    const after: JsonFinding[] = JSON.parse(r.stdout).findings;
    assert.ok(!after.some((f) => f.fingerprint === reentrancy.fingerprint));
    assert.ok(!after.some((f) => f.ruleId === reentrancy.ruleId), 'the reentrancy finding itself is hidden');
    assert.match(r.stderr, /1 triaged finding hidden/);
    const shown = JSON.parse(synor(['Bank.sol', '--format', 'json', '--fail-on', 'none', '--show-triaged'], dir).stdout).findings;
    const t = shown.find((f: JsonFinding) => f.fingerprint === reentrancy.fingerprint);
    assert.equal(t.triage.state, 'accepted-risk');
    // A triage file that cannot be read is a usage error, not silence.
    fs.writeFileSync(path.join(dir, '.synor/triage.json'), '{"version":1,"findings":{"x":{"state":"maybe"}}}');
    const bad = synor(['Bank.sol'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /state must be one of/);
  });

  it('synor triage records a decision; --from-suppressions turns synor-disable comments into entries', () => {
    const withComment = BANK.replace('        require(tx.origin == owner);', '        // synor-disable-next-line tx-origin-auth -- the owner is a cold wallet\n        require(tx.origin == owner);');
    fs.writeFileSync(path.join(dir, 'Bank.sol'), withComment);
    const c = synor(['triage', '--from-suppressions', 'Bank.sol', '--author', 'bob'], dir);
    assert.equal(c.code, 0, c.stderr);
    const t = JSON.parse(fs.readFileSync(path.join(dir, '.synor/triage.json'), 'utf8'));
    const entries = Object.values(t.findings) as Array<{ state: string; reason: string; author: string; rule: string }>;
    assert.deepEqual(entries.map((e) => [e.state, e.reason, e.author, e.rule]), [['wont-fix', 'the owner is a cold wallet', 'bob', 'tx-origin-auth']]);
    // The comment removed, the finding stays hidden by the triage file.
    fs.writeFileSync(path.join(dir, 'Bank.sol'), BANK);
    assert.ok(!findings(['Bank.sol'], dir).some((f) => f.ruleId === 'tx-origin-auth'));
    const fp = findings(['Bank.sol'], dir).find((f) => f.ruleId.startsWith('reentrancy'))!.fingerprint;
    const s = synor(['triage', fp, '--state', 'false-positive', '--reason', 'guarded by the caller', '--author', 'carol'], dir);
    assert.equal(s.code, 0, s.stderr);
    assert.ok(!findings(['Bank.sol'], dir).some((f) => f.fingerprint === fp));
    assert.equal(synor(['triage', fp, '--state', 'maybe', '--reason', 'x'], dir).code, 2);
  });

  it('--diff=<ref> against a commit reports exactly the new finding and leaves the working tree alone', () => {
    git(['init', '-q'], dir);
    git(['add', '.'], dir);
    git(['commit', '-qm', 'init'], dir);
    const newFn = '    function sweep(address payable to) external {\n        require(tx.origin == to);\n    }\n\n';
    // The new function, plus a comment above the contract that moves every line.
    const edited = BANK.replace('    function deposit()', newFn + '    function deposit()').replace('contract Bank {', '// moved\n\ncontract Bank {');
    fs.writeFileSync(path.join(dir, 'Bank.sol'), edited);
    const status = git(['status', '--porcelain'], dir);
    const all = findings(['Bank.sol'], dir);
    const r = synor(['Bank.sol', '--diff=HEAD', '--format', 'json'], dir);
    const fresh: JsonFinding[] = JSON.parse(r.stdout).findings;
    assert.deepEqual(
      fresh.map((f) => `${f.ruleId}@${f.range.start.line + 1}`),
      ['tx-origin-auth@11'],
    );
    assert.ok(all.length > fresh.length);
    assert.match(r.stderr, /1 finding new since HEAD/);
    // tx-origin-auth is medium: --fail-on medium fails on it, --fail-on high does not (the old high findings do not count).
    assert.equal(synor(['Bank.sol', '--since', 'HEAD', '--fail-on', 'medium'], dir).code, 1);
    assert.equal(synor(['Bank.sol', '--since', 'HEAD', '--fail-on', 'high'], dir).code, 0);
    assert.equal(git(['status', '--porcelain'], dir), status);
    assert.equal(synor(['Bank.sol', '--diff=no-such-ref'], dir).code, 2);
  });
});
