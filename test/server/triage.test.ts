import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient, waitUntil } from './client';

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

describe('server: triage', () => {
  let client: TestClient;
  let dir: string;
  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'synor-triage-')));
    fs.writeFileSync(path.join(dir, 'Guarded.sol'), TEXT);
    client = await TestClient.start({ root: dir });
  });
  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('"Mark as false positive…" writes .synor/triage.json and the finding is no longer published, also after edits elsewhere', async () => {
    const file = path.join(dir, 'Guarded.sol');
    const uri = TestClient.uri(file);
    client.open(uri, TEXT, 1);
    const diags = await client.diagnosticsFor(uri, 1);
    const d = diags.find((x) => x.code === 'tx-origin-auth')!;
    assert.ok(d, diags.map((x) => x.code).join(', '));
    const fingerprint = (d.data as { fingerprint: string }).fingerprint;
    const actions = await client.codeActions(uri, d.range, [d]);
    const mark = actions.find((a) => a.title === 'Mark tx-origin-auth as false positive…');
    assert.ok(mark, actions.map((a) => a.title).join(' | '));
    assert.ok(actions.some((a) => a.title === 'Accept risk of tx-origin-auth…'));
    assert.equal(mark.command?.command, 'synor.triageFinding');
    const arg = mark.command!.arguments![0] as Record<string, string>;
    assert.equal(arg.fingerprint, fingerprint);
    assert.equal(arg.state, 'false-positive');
    // What the client's synor.triageFinding does once it has the reason.
    const before = client.published(uri).length;
    const r = (await client.conn.sendRequest('workspace/executeCommand', { command: 'synor.triage', arguments: [{ ...arg, reason: 'the owner is an EOA' }] })) as { written: string };
    assert.equal(r.written, path.join(dir, '.synor', 'triage.json'));
    const t = JSON.parse(fs.readFileSync(r.written, 'utf8'));
    assert.equal(t.findings[fingerprint].state, 'false-positive');
    assert.equal(t.findings[fingerprint].reason, 'the owner is an EOA');
    assert.equal(t.findings[fingerprint].file, 'Guarded.sol');
    const again = await waitUntil(() => client.published(uri).length > before && client.published(uri)[client.published(uri).length - 1], 'a new publish');
    assert.ok(!again.diagnostics.some((x: Diagnostic) => x.code === 'tx-origin-auth'));
    // An edit in another function: still hidden.
    const v = client.replaceAll(uri, TEXT.replace('return owner;', 'address o = owner;\n        return o;').replace('contract Guarded {', '/// @title Edited.\ncontract Guarded {'));
    const edited = await client.diagnosticsFor(uri, v);
    assert.ok(!edited.some((x) => x.code === 'tx-origin-auth'), edited.map((x) => x.code).join(', '));
    assert.ok(edited.length > 0);
    // A bad state is refused.
    const bad = await client.rawRequest('workspace/executeCommand', { command: 'synor.triage', arguments: [{ ...arg, state: 'maybe', reason: 'x' }] });
    assert.ok(bad.error);
    client.close(uri);
  });

  it('with synor.triagedFindings "dim", a triaged finding is published faded, as a hint that says the decision', async () => {
    const file = path.join(dir, 'Guarded.sol');
    const uri = TestClient.uri(file);
    // The previous test left a false-positive decision for tx-origin-auth in .synor/triage.json.
    client.changeSettings({ triagedFindings: 'dim' });
    client.open(uri, TEXT, 1);
    const diags = await client.diagnosticsFor(uri, 1);
    const d = diags.find((x) => x.code === 'tx-origin-auth')!;
    assert.equal(d.severity, 4 /* Hint */);
    assert.ok(d.tags?.includes(1 /* Unnecessary */));
    assert.match(d.message, /^\[triaged: false-positive — the owner is an EOA\] /);
    // Untriaged findings keep their severity.
    assert.ok(diags.some((x) => x.code !== 'tx-origin-auth' && x.severity !== 4 && !x.message.startsWith('[triaged')));
    client.changeSettings({});
    client.close(uri);
  });

  it('the report lists the triaged finding apart, with its decision, and does not count it', async () => {
    const file = path.join(dir, 'Guarded.sol');
    const uri = TestClient.uri(file);
    client.open(uri, TEXT, 1);
    await client.diagnosticsFor(uri, 1);
    const r = (await client.conn.sendRequest('workspace/executeCommand', { command: 'synor.report', arguments: [{ uri }] })) as {
      report: { findings: Array<{ ruleId: string }>; triaged?: Array<{ ruleId: string; triage: { state: string; reason: string } }>; summary: { findings: number } };
    };
    assert.ok(!r.report.findings.some((f) => f.ruleId === 'tx-origin-auth'));
    assert.equal(r.report.summary.findings, r.report.findings.length);
    const t = r.report.triaged?.find((f) => f.ruleId === 'tx-origin-auth');
    assert.ok(t, JSON.stringify(r.report.triaged));
    assert.deepEqual([t.triage.state, t.triage.reason], ['false-positive', 'the owner is an EOA']);
    client.close(uri);
  });
});
