/**
 * The team's triage in the language server (server/src/team.ts), over real LSP on stdio against
 * the real service (`synor serve` on PGlite, on 127.0.0.1): the test client answers the server's
 * `synor/team/token` with the extension's own key exchange (client/src/teamAuth.ts), as VS Code does.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { exchangeKey } from '../../client/src/teamAuth';
import { decisionTime, mergeDecisions } from '../../server/src/team';
import { client as http, startService, type Running } from '../service/harness';
import { TestClient, waitUntil } from './client';

const ADMIN = 'synor_teamadmin_0123456789abcdef';

// Three findings with fingerprints: tx-origin-auth, and two on close() (centralization, missing-events).
const TEXT = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

contract Guarded {
    address owner;

    function close() external {
        require(tx.origin == owner);
        owner = address(0);
    }

    function other() external view returns (address) {
        return owner;
    }
}
`;

interface Status {
  state: string;
  role?: string;
  readOnly: boolean;
  decisions: number;
  pending: number;
  message?: string;
  retryAt?: string;
  retryInMs?: number;
}

interface FindingsResult {
  files: Array<{ uri: string; findings: Array<{ ruleId: string; fingerprint?: string; triage?: { state: string; reason: string; author?: string; source?: string } }> }>;
}

describe('server: team triage from the Synor service', function () {
  this.timeout(240_000);
  let svc: Running;
  let lsp: TestClient;
  let dir: string;
  let projectId: string;
  let maintainerKey: string;
  let viewerKey: string;
  /** The key the "editor" holds now (what SecretStorage would hold). */
  let key: string | undefined;
  const statuses: Array<Status & { at: number }> = [];
  const messages: string[] = [];
  const tokenRequests: Array<{ server: string; project: string }> = [];
  let admin: ReturnType<typeof http>;
  let uri: string;

  const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code));
  const latestCodes = () => codes(lsp.latest(uri)?.diagnostics ?? []);
  const follow = (k: string | undefined, refreshSeconds = 1) => {
    key = k;
    lsp.conn.sendNotification('synor/team', {});
    lsp.conn.sendNotification('synor/team', { server: svc.url, project: projectId, refreshSeconds });
  };
  /**
   * The first `connected` status after `follow` reset the configuration (its `off`): a status of the
   * previous key's interval fetch may still be on the wire when the test clears `statuses`.
   */
  const connectedAfterReset = () => {
    const off = statuses.map((x) => x.state).lastIndexOf('off');
    return off < 0 ? undefined : statuses.slice(off + 1).find((x) => x.state === 'connected');
  };
  const refresh = () => lsp.conn.sendRequest('synor/team/refresh') as Promise<Status>;
  const findings = async () => ((await lsp.conn.sendRequest('synor/findings', {})) as FindingsResult).files.find((f) => f.uri === uri)!.findings;

  before(async () => {
    svc = await startService({ env: { SYNOR_ADMIN_KEY: ADMIN } });
    admin = http(svc.url, ADMIN);
    projectId = (await admin('POST', '/api/v1/projects', { name: 'team' })).body.id;
    maintainerKey = (await admin('POST', '/api/v1/keys', { name: 'alice', role: 'maintainer', projectId })).body.key;
    viewerKey = (await admin('POST', '/api/v1/keys', { name: 'bob', role: 'viewer', projectId })).body.key;
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'synor-team-')));
    fs.writeFileSync(path.join(dir, 'Guarded.sol'), TEXT);
    uri = TestClient.uri(path.join(dir, 'Guarded.sol'));
    lsp = await TestClient.start({ root: dir });
    lsp.conn.onRequest('synor/team/token', (p: { server: string; project: string }) => {
      tokenRequests.push(p);
      return exchangeKey(p.server, key);
    });
    lsp.conn.onNotification('synor/teamStatus', (s: Status) => statuses.push({ ...s, at: Date.now() }));
    // The server's warnings come as window/showMessageRequest (VS Code shows them as notifications).
    lsp.conn.onRequest('window/showMessageRequest', (m: { message: string }) => {
      messages.push(m.message);
      return null;
    });
  });
  after(async () => {
    await lsp?.stop();
    await svc?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a finding the team triaged is not published, and the findings view says who decided; an interval fetch brings a change back', async () => {
    lsp.open(uri, TEXT, 1);
    const diags = await lsp.diagnosticsFor(uri, 1, 60_000);
    const d = diags.find((x) => x.code === 'tx-origin-auth');
    assert.ok(d, codes(diags).join(', '));
    const fp = (d.data as { fingerprint: string }).fingerprint;
    const set = await admin('PUT', `/api/v1/projects/${projectId}/triage/${fp}`, { state: 'accepted-risk', reason: 'owner is a multisig', author: 'carol' });
    assert.equal(set.status, 200, set.text);

    const publishes = lsp.published(uri).length;
    follow(maintainerKey);
    const s = await waitUntil(connectedAfterReset, 'connected', 30_000);
    assert.equal(s.role, 'maintainer');
    assert.equal(s.readOnly, false);
    assert.equal(s.decisions, 1);
    assert.deepEqual(tokenRequests[0], { server: svc.url, project: projectId });
    await waitUntil(() => lsp.published(uri).length > publishes && !latestCodes().includes('tx-origin-auth'), 'a publish without tx-origin-auth', 30_000);
    assert.ok(latestCodes().length > 0, 'the other findings stay');
    const f = (await findings()).find((x) => x.fingerprint === fp)!;
    assert.deepEqual(f.triage && [f.triage.state, f.triage.reason, f.triage.author, f.triage.source], ['accepted-risk', 'owner is a multisig', 'carol', 'team']);

    // Confirmed on the service: the next interval fetch (1 s) shows the finding again, with no command.
    await admin('PUT', `/api/v1/projects/${projectId}/triage/${fp}`, { state: 'confirmed', reason: 'it is not a multisig', author: 'carol' });
    await waitUntil(() => latestCodes().includes('tx-origin-auth'), 'tx-origin-auth back after the interval fetch', 30_000);
    // And accepted again for the next tests, through the refresh command.
    await admin('PUT', `/api/v1/projects/${projectId}/triage/${fp}`, { state: 'accepted-risk', reason: 'owner is a multisig', author: 'carol' });
    const r = await refresh();
    assert.equal(r.state, 'connected');
    await waitUntil(() => !latestCodes().includes('tx-origin-auth'), 'tx-origin-auth hidden again', 30_000);
    // Nothing of the key in the server's log.
    assert.ok(!lsp.logs.some((l) => l.includes(maintainerKey)) && !lsp.stderr.includes(maintainerKey));
  });

  it('a decision made in the editor with a maintainer key is visible through the API', async () => {
    const other = (lsp.latest(uri)?.diagnostics ?? []).find((x) => x.code !== 'tx-origin-auth' && (x.data as { fingerprint?: string } | undefined)?.fingerprint);
    assert.ok(other, latestCodes().join(', '));
    const fp = (other.data as { fingerprint: string }).fingerprint;
    const r = (await lsp.conn.sendRequest('workspace/executeCommand', { command: 'synor.triage', arguments: [{ uri, fingerprint: fp, state: 'false-positive', reason: 'checked by hand', ruleId: String(other.code) }] })) as { written?: string; error?: string };
    assert.ok(r.written, JSON.stringify(r));
    const end = Date.now() + 30_000;
    let got: { state?: string; reason?: string; author?: string } | undefined;
    while (Date.now() < end) {
      got = (await admin('GET', `/api/v1/projects/${projectId}/triage`)).body.findings[fp];
      if (got) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    assert.deepEqual(got && [got.state, got.reason], ['false-positive', 'checked by hand']);
    assert.ok(got!.author, 'the author is recorded');
    await waitUntil(() => !(lsp.latest(uri)?.diagnostics ?? []).some((x) => (x.data as { fingerprint?: string } | undefined)?.fingerprint === fp), 'the decided finding hidden', 30_000);
    const audit = await admin('GET', `/api/v1/projects/${projectId}/audit`);
    assert.ok(JSON.stringify(audit.body).includes(fp), 'the push is in the audit log');
  });

  it('a viewer key reads the team triage but cannot push: read-only status and a clear message, the service unchanged', async () => {
    statuses.length = 0;
    follow(viewerKey);
    const s = await waitUntil(connectedAfterReset, 'connected as viewer', 30_000);
    assert.equal(s.role, 'viewer');
    assert.equal(s.readOnly, true);
    assert.equal(s.decisions, 2);
    // The team's decisions still apply.
    await waitUntil(() => !latestCodes().includes('tx-origin-auth'), 'tx-origin-auth hidden for the viewer', 30_000);
    const before = (await admin('GET', `/api/v1/projects/${projectId}/triage`)).body.findings;
    const txo = (await findings()).find((x) => x.ruleId === 'tx-origin-auth')!;
    const r = (await lsp.conn.sendRequest('workspace/executeCommand', { command: 'synor.triage', arguments: [{ uri, fingerprint: txo.fingerprint, state: 'wont-fix', reason: 'viewer opinion', ruleId: 'tx-origin-auth' }] })) as { written?: string };
    assert.ok(r.written, 'the local file is still written');
    const m = await waitUntil(() => messages.find((x) => /read-only \(viewer\)/.test(x)), 'the read-only message');
    assert.match(m, /not shared with the team/);
    const r2 = await refresh();
    assert.equal(r2.pending, 0);
    const after = (await admin('GET', `/api/v1/projects/${projectId}/triage`)).body.findings;
    assert.deepEqual(after, before);
  });

  it('service down: the server keeps running, says so, retries with backoff, and local and last-fetched team triage still apply', async () => {
    statuses.length = 0;
    // A local decision on the remaining finding(s) too, written as a teammate's file would be.
    const file = path.join(dir, '.synor', 'triage.json');
    const local = JSON.parse(fs.readFileSync(file, 'utf8'));
    const shown = (lsp.latest(uri)?.diagnostics ?? []).filter((x) => (x.data as { fingerprint?: string } | undefined)?.fingerprint);
    await svc.stop();
    const r = await refresh();
    assert.equal(r.state, 'unreachable', JSON.stringify(r));
    assert.match(r.message!, /unreachable.*local triage still applies/);
    await waitUntil(() => statuses.filter((x) => x.state === 'unreachable').length >= 3, 'three failed attempts', 30_000);
    // Exponential backoff from min(2 s, the refresh period of 1 s).
    const delays = statuses.filter((x) => x.state === 'unreachable').map((x) => x.retryInMs);
    assert.deepEqual(delays.slice(0, 3), [1000, 2000, 4000]);
    assert.ok(lsp.logs.some((l) => /team triage: .*unreachable/.test(l)), 'logged');
    // An edit: published, with the team's last decisions and the local file both applied.
    // Left after the previous tests: a finding nobody triaged yet, decided in the local file now.
    assert.equal(shown.length, 1, codes(shown).join(', '));
    const fp = (shown[0].data as { fingerprint: string }).fingerprint;
    local.findings[fp] = { state: 'accepted-risk', reason: 'local decision while offline', author: 'dave', date: new Date().toISOString() };
    fs.writeFileSync(file, JSON.stringify(local));
    const v = lsp.replaceAll(uri, TEXT.replace('contract Guarded {', '/// @title Edited offline.\ncontract Guarded {'));
    const ds = await lsp.diagnosticsFor(uri, v, 30_000);
    assert.ok(!codes(ds).includes('tx-origin-auth'), codes(ds).join(', '));
    for (const x of shown) assert.ok(!ds.some((y) => (y.data as { fingerprint?: string } | undefined)?.fingerprint === (x.data as { fingerprint: string }).fingerprint), `${x.code} stays hidden`);
    assert.ok(lsp.alive);
  });

  it('merges local and team decisions: the newer wins, the team on a tie', () => {
    const team = new Map([
      ['a', { state: 'accepted-risk' as const, reason: 'team', author: 't', date: '2026-12-07T10:00:00.000Z' }],
      ['b', { state: 'false-positive' as const, reason: 'team', author: 't', date: '2026-12-07T10:00:00.000Z' }],
      ['c', { state: 'wont-fix' as const, reason: 'team', author: 't', date: '2026-12-07T00:00:00.000Z' }],
    ]);
    const local = {
      a: { state: 'confirmed' as const, reason: 'local newer', author: 'l', date: '2026-12-07T11:00:00.000Z' },
      b: { state: 'confirmed' as const, reason: 'local older', author: 'l', date: '2026-12-06' },
      c: { state: 'confirmed' as const, reason: 'local tie', author: 'l', date: '2026-12-07' },
      d: { state: 'confirmed' as const, reason: 'local only', author: 'l', date: '' },
    };
    const m = mergeDecisions(local, team);
    assert.deepEqual(
      Object.fromEntries(Object.entries(m).map(([k, e]) => [k, `${e.source}:${e.reason}`])),
      { a: 'local:local newer', b: 'team:team', c: 'team:team', d: 'local:local only' },
    );
    assert.equal(decisionTime('2026-12-07'), Date.parse('2026-12-07T00:00:00Z'));
    assert.equal(decisionTime('not a date'), 0);
  });
});
