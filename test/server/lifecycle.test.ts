import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyze } from '../../engine/src';
import { ROOT, TestClient, waitUntil } from './client';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'server', 'basic');
const wallet = path.join(FIXTURES, 'Wallet.sol');

describe('server: document lifecycle over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ root: FIXTURES });
  });
  after(async () => {
    await client.stop();
  });

  it('logs that it is ready, with no error during start-up', async () => {
    await waitUntil(() => client.logs.some((l) => l.includes('synor language server ready')) || undefined, 'the ready log line');
    assert.ok(!client.logs.some((l) => l.startsWith('[error]')), client.logs.join('\n'));
  });

  it('publishes versioned diagnostics on open with code, docs link, source and severity', async () => {
    const uri = TestClient.uri(wallet);
    const text = fs.readFileSync(wallet, 'utf8');
    client.open(uri, text, 1);
    const diags = await client.diagnosticsFor(uri, 1);
    const d = diags.find((x) => x.code === 'tx-origin-auth');
    assert.ok(d, `tx-origin-auth expected, got ${diags.map((x) => x.code).join(', ')}`);
    assert.equal(d.source, 'synor');
    assert.equal(d.severity, 2, 'medium maps to Warning');
    assert.equal(d.range.start.line, 11);
    assert.equal((d.data as { messageId?: string } | undefined)?.messageId, 'tx-origin-compare', 'data names the message id');
    assert.match((d.data as { fingerprint?: string } | undefined)?.fingerprint ?? '', /^[0-9a-f]{20}$/, 'data carries the stable fingerprint');
    const href = d.codeDescription?.href ?? '';
    assert.ok(href.startsWith('file://') && href.endsWith('/docs/rules/tx-origin-auth.md'), href);
    assert.equal(href, 'file://' + path.join(ROOT, 'docs', 'rules', 'tx-origin-auth.md'));
    // Everything the engine finds in this text, and nothing else.
    const expected = analyze(text, { path: wallet }).findings.map((f) => `${f.ruleId}@${f.range.start.line}`).sort();
    assert.deepEqual(diags.map((x) => `${x.code}@${x.range.start.line}`).sort(), expected);
  });

  it('re-diagnoses after an incremental change and clears on close', async () => {
    const uri = TestClient.uri(wallet);
    // Replace `tx.origin` with `msg.sender` on line 11.
    const line = client.text(uri).split('\n')[11];
    const col = line.indexOf('tx.origin');
    const v = client.change(uri, [{ range: { start: { line: 11, character: col }, end: { line: 11, character: col + 'tx.origin'.length } }, text: 'msg.sender' }]);
    const diags = await client.diagnosticsFor(uri, v);
    assert.ok(!diags.some((x) => x.code === 'tx-origin-auth'));
    const expected = analyze(client.text(uri), { path: wallet }).findings.length;
    assert.equal(diags.length, expected);
    client.close(uri);
    await waitUntil(() => {
      const l = client.latest(uri);
      return l && l.version === undefined && l.diagnostics.length === 0;
    }, 'empty diagnostics after close');
  });

  it('answers hovers on a finding with the rule, the fix and the docs link', async () => {
    const uri = TestClient.uri(wallet);
    client.open(uri, fs.readFileSync(wallet, 'utf8'), 1);
    await client.diagnosticsFor(uri, 1);
    const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 11, character: 20 } })) as { contents: { value: string } } | null;
    assert.ok(hover);
    assert.match(hover.contents.value, /tx-origin-auth/);
    assert.match(hover.contents.value, /review needed/);
    assert.match(hover.contents.value, /docs\/rules\/tx-origin-auth\.md/);
    const none = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 0 } });
    assert.equal(none, null);
    client.close(uri);
  });

  it('shows code lenses per contract that say whether gas was measured', async () => {
    const uri = TestClient.uri(wallet);
    client.open(uri, fs.readFileSync(wallet, 'utf8'), 1);
    await client.diagnosticsFor(uri, 1);
    const lenses = (await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as Array<{ range: { start: { line: number } }; command: { title: string } }>;
    const contractLens = lenses.find((l) => l.range.start.line === 3);
    assert.ok(contractLens, 'a lens on the contract line');
    assert.match(contractLens.command.title, /gas|deploy/i);
    client.close(uri);
  });

  it('returns the report for a document', async () => {
    const uri = TestClient.uri(wallet);
    client.open(uri, fs.readFileSync(wallet, 'utf8'), 1);
    const rep = (await client.conn.sendRequest('workspace/executeCommand', { command: 'synor.report', arguments: [{ uri }] })) as {
      version: number;
      report: { findings: Array<{ ruleId: string }>; risk: Array<{ contract: string; score: number }>; summary: { findings: number } };
      fixes: Array<{ ruleId: string; safety: string }>;
      deep: { status: string };
    };
    assert.equal(rep.version, 1);
    assert.ok(rep.report.findings.some((f) => f.ruleId === 'tx-origin-auth'));
    assert.ok(rep.report.risk.some((r) => r.contract === 'Wallet' && r.score > 0));
    assert.ok(rep.fixes.some((f) => f.ruleId === 'tx-origin-auth' && f.safety === 'unsafe'));
    assert.ok(['done', 'pending', 'unavailable'].includes(rep.deep.status));
    client.close(uri);
  });
});
