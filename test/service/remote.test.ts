/**
 * The CLI against a running service: `synor upload` sends a project's sources
 * with their imports and reports the service's result; `synor triage pull` and
 * `push` carry `.synor/triage.json` both ways.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BANK, BIN, client, startService, type Running } from './harness';

const ADMIN = 'synor_remoteadmin_0123456789abcdef';

describe('synor upload and synor triage pull/push against the service', function () {
  this.timeout(180_000);
  let svc: Running;
  let dir: string;
  let projectId: string;
  let key: string;

  const synor = (args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args, '--server', svc.url, '--project', projectId], { cwd: dir, encoding: 'utf8', env: { ...process.env, SYNOR_API_KEY: key, NO_COLOR: '1' }, timeout: 120_000 });

  before(async () => {
    svc = await startService({ env: { SYNOR_ADMIN_KEY: ADMIN } });
    const admin = client(svc.url, ADMIN);
    projectId = (await admin('POST', '/api/v1/projects', { name: 'remote' })).body.id;
    key = (await admin('POST', '/api/v1/keys', { name: 'ci', role: 'maintainer', projectId })).body.key;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-remote-'));
    fs.mkdirSync(path.join(dir, 'src/utils'), { recursive: true });
    // A Foundry project: its root is the folder, and paths on the service are relative to it.
    fs.writeFileSync(path.join(dir, 'foundry.toml'), '[profile.default]\nsrc = "src"\n');
    // The bank imports a helper: the upload must carry it for the service to resolve the import.
    fs.writeFileSync(path.join(dir, 'src/utils/Owned.sol'), 'pragma solidity ^0.8.0;\ncontract Owned {\n  address owner;\n}\n');
    fs.writeFileSync(path.join(dir, 'src/Bank.sol'), BANK.replace('pragma solidity ^0.8.0;\ncontract Bank {', 'pragma solidity ^0.8.0;\nimport "./utils/Owned.sol";\ncontract Bank is Owned {').replace('  address owner;\n', ''));
  });
  after(async () => {
    await svc?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('uploads the sources with their imports and fails on a high finding', () => {
    const r = synor(['upload', 'src', '--commit', 'abc123', '--branch', 'main']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /src\/Bank\.sol:\d+:\d+ high reentrancy-eth /);
    assert.doesNotMatch(r.stdout + r.stderr, /unresolved-import/);
    const sarif = synor(['upload', 'src', '--format', 'sarif', '--output', 'out.sarif', '--fail-on', 'none']);
    assert.equal(sarif.status, 0, sarif.stderr);
    assert.match(sarif.stderr, /reused a stored result/);
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'out.sarif'), 'utf8')).version, '2.1.0');
  });

  it('pushes and pulls triage, and a triaged finding no longer fails the upload', async () => {
    const admin = client(svc.url, ADMIN);
    const analyses = (await admin('GET', `/api/v1/projects/${projectId}/analyses?commit=abc123`)).body.analyses;
    const a = (await admin('GET', `/api/v1/analyses/${analyses[0].id}`)).body;
    const fp = a.result.findings.find((f: any) => f.ruleId === 'reentrancy-eth').fingerprint;
    fs.mkdirSync(path.join(dir, '.synor'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.synor/triage.json'), JSON.stringify({ version: 1, fingerprints: 'synor/v1', findings: { [fp]: { state: 'accepted-risk', reason: 'withdrawals are paused', author: 'ci', date: '2026-12-07' } } }));
    const push = synor(['triage', 'push']);
    assert.equal(push.status, 0, push.stderr);
    assert.equal((await admin('GET', `/api/v1/projects/${projectId}/triage`)).body.findings[fp].state, 'accepted-risk');

    await admin('PUT', `/api/v1/projects/${projectId}/triage/abcdef0123456789abcd`, { state: 'false-positive', reason: 'set on the service' });
    fs.rmSync(path.join(dir, '.synor/triage.json'));
    const pull = synor(['triage', 'pull']);
    assert.equal(pull.status, 0, pull.stderr);
    const pulled = JSON.parse(fs.readFileSync(path.join(dir, '.synor/triage.json'), 'utf8'));
    assert.deepEqual(Object.keys(pulled.findings).sort(), [fp, 'abcdef0123456789abcd'].sort());
    assert.equal(pulled.findings.abcdef0123456789abcd.reason, 'set on the service');

    const again = synor(['upload', 'src']);
    assert.match(again.stdout, /reentrancy-eth .*\[triaged: accepted-risk\]/);
    // Nothing else of high severity: the run passes.
    assert.equal(again.status, 0, again.stdout);
  });

  it('synor --server --project analyses locally, then on the service, and exits as the result on the service says', async () => {
    const admin = client(svc.url, ADMIN);
    // The local triage file is gone: locally the reentrancy is an open high finding; on the service it is accepted.
    fs.rmSync(path.join(dir, '.synor'), { recursive: true, force: true });
    const local = spawnSync(process.execPath, [BIN, 'src'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
    assert.equal(local.status, 1, local.stderr);
    const before = (await admin('GET', `/api/v1/projects/${projectId}/analyses`)).body.analyses.length;
    const r = synor(['src']);
    assert.equal(r.status, 0, r.stderr);
    // The normal report is printed as without --server.
    assert.match(r.stdout, /reentrancy-eth/);
    assert.match(r.stderr, /the service found \d+ findings \(\d+ high, .*; 1 triaged away\)/);
    const link = new RegExp(`${svc.url.replace(/[.]/g, '\\.')}/api/v1/analyses/([0-9a-f-]{36})`).exec(r.stderr);
    assert.ok(link, r.stderr);
    const a = (await admin('GET', `/api/v1/analyses/${link[1]}`)).body;
    assert.equal(a.status, 'succeeded');
    assert.equal(a.projectId, projectId);
    assert.ok(a.result.findings.some((f: any) => f.file === 'src/utils/Owned.sol' || f.file === 'src/Bank.sol'));
    assert.equal((await admin('GET', `/api/v1/projects/${projectId}/analyses`)).body.analyses.length, before + 1);
    // A lower threshold meets the service's untriaged findings.
    const strict = synor(['src', '--fail-on', 'info']);
    assert.equal(strict.status, 1, strict.stderr);
    // Once the service no longer accepts the risk, the same run fails on it.
    const fp = a.result.findings.find((f: any) => f.ruleId === 'reentrancy-eth').fingerprint;
    assert.equal((await admin('DELETE', `/api/v1/projects/${projectId}/triage/${fp}`)).status, 204);
    const failing = synor(['src']);
    assert.equal(failing.status, 1, failing.stderr);
    assert.doesNotMatch(failing.stderr, /triaged away/);
  });

  it('synor --server refuses before analysing: no key, no project, a bad URL, or --fix', () => {
    const run = (args: string[], env: Record<string, string>) => spawnSync(process.execPath, [BIN, 'src', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, SYNOR_SERVER: '', SYNOR_PROJECT: '', ...env }, timeout: 60_000 });
    const noKey = run(['--server', svc.url, '--project', projectId], { SYNOR_API_KEY: '' });
    assert.equal(noKey.status, 2);
    assert.match(noKey.stderr, /SYNOR_API_KEY/);
    assert.equal(noKey.stdout, '', 'nothing analysed');
    const noProject = run(['--server', svc.url], { SYNOR_API_KEY: key });
    assert.equal(noProject.status, 2);
    assert.match(noProject.stderr, /--project/);
    const badUrl = run(['--server=ftp://x', '--project', projectId], { SYNOR_API_KEY: key });
    assert.equal(badUrl.status, 2);
    assert.match(badUrl.stderr, /http\(s\) URL/);
    const fix = run(['--server', svc.url, '--project', projectId, '--fix'], { SYNOR_API_KEY: key });
    assert.equal(fix.status, 2);
    assert.match(fix.stderr, /cannot be combined/);
    // A service that refuses the key: the run ends with 2 after the local report.
    const refused = run(['--server', svc.url, '--project', projectId], { SYNOR_API_KEY: 'synor_nope_nope' });
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /upload refused: 401 unauthenticated/);
  });

  it('needs a key and says so', () => {
    const r = spawnSync(process.execPath, [BIN, 'upload', 'src', '--server', svc.url, '--project', projectId], { cwd: dir, encoding: 'utf8', env: { ...process.env, SYNOR_API_KEY: '' } });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /SYNOR_API_KEY/);
  });
});
