import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { CodeAction, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { ROOT, TestClient, waitUntil } from './client';

const DIR = path.join(ROOT, 'test', 'fixtures', 'server', 'deep');
const counter = path.join(DIR, 'Counter.sol');

interface Lens {
  range: { start: { line: number } };
  command: { title: string };
}

describe('server: deep tier (compile and measured gas)', function () {
  this.timeout(240000);
  let client: TestClient;
  before(async () => {
    // Idle runs are off so that only the saves below start the deep tier.
    client = await TestClient.start({ root: DIR, settings: { deepAnalysis: { onSave: true, onIdle: false } } });
  });
  after(async () => {
    await client.stop();
  });

  const lenses = async (uri: string) => (await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as Lens[];

  it('says gas is pending before a save, then shows measured lenses after it, refreshed by the server', async () => {
    const uri = TestClient.uri(counter);
    client.open(uri, fs.readFileSync(counter, 'utf8'), 1);
    await client.diagnosticsFor(uri, 1);
    const before = await lenses(uri);
    assert.match(before.find((l) => l.range.start.line === 3)!.command.title, /pending|measuring/);
    const refreshes = client.codeLensRefreshes;
    client.save(uri);
    await waitUntil(() => client.codeLensRefreshes > refreshes || undefined, 'workspace/codeLens/refresh', 180000);
    // The server refreshes once when measuring starts and again when it ends; ask after each refresh.
    let after = await lenses(uri);
    for (let seen = client.codeLensRefreshes; !after.some((l) => /deploy/.test(l.command.title)); ) {
      await waitUntil(() => client.codeLensRefreshes > seen || undefined, 'another codeLens refresh', 180000);
      seen = client.codeLensRefreshes;
      after = await lenses(uri);
    }
    console.log(`      lenses: ${after.map((l) => `L${l.range.start.line + 1} ${l.command.title}`).join(' | ')}`);
    const contract = after.find((l) => l.range.start.line === 3)!;
    assert.match(contract.command.title, /deploy [\d,]+ gas · [\d,]+ \/ 24,576 bytes \([\d.]+% of EIP-170\)/);
    const bump = after.find((l) => l.range.start.line === 6);
    assert.ok(bump, 'a lens on bump()');
    assert.match(bump.command.title, /[\d,]+ gas per call \(measured\)|reverted|not measured/);
    const report = (await client.conn.sendRequest('workspace/executeCommand', { command: 'synor.report', arguments: [{ uri }] })) as { deep: { status: string; compiler?: { version: string } }; gasTable: Array<{ function: string; gas: unknown }> };
    assert.equal(report.deep.status, 'done');
    assert.ok(report.deep.compiler?.version);
    assert.ok(report.gasTable.some((r) => r.function === 'bump'));
    const fn = (await client.conn.sendRequest('workspace/executeCommand', { command: 'synor.measureFunction', arguments: [{ uri, name: 'bump' }] })) as { status: string; function?: { gas: unknown } };
    assert.equal(fn.status, 'done');
  });

  it('merges compiler findings with the fast tier for the same text, and drops them when the text moves on', async () => {
    const uri = TestClient.uri(counter);
    // An undeclared identifier parses but does not compile.
    const broken = fs.readFileSync(counter, 'utf8').replace('count++;', 'count++;\n        missing = 1;');
    const v = client.replaceAll(uri, broken);
    const fast = await client.diagnosticsFor(uri, v);
    assert.ok(!fast.some((d) => d.code === 'compiler-error'));
    client.save(uri);
    const merged = await waitUntil(() => {
      const p = client.latest(uri);
      return p && p.version === v && p.diagnostics.some((d) => d.code === 'compiler-error') ? p.diagnostics : undefined;
    }, 'compiler-error merged into the diagnostics', 180000);
    const err = merged.find((d) => d.code === 'compiler-error')!;
    assert.equal(err.range.start.line, 8);
    assert.ok(merged.some((d) => d.code === 'prefix-increment'), 'fast-tier findings kept');
    const v2 = client.replaceAll(uri, fs.readFileSync(counter, 'utf8'));
    const next = await client.diagnosticsFor(uri, v2);
    assert.ok(!next.some((d) => d.code === 'compiler-error'), 'no stale compiler finding over newer text');
  });

  it('measures the gas of a fix lazily in codeAction/resolve', async () => {
    const uri = TestClient.uri(counter);
    const p = client.latest(uri)!;
    const d = p.diagnostics.find((x) => x.code === 'prefix-increment')!;
    const actions: CodeAction[] = await client.codeActions(uri, d.range, [d]);
    const fix = actions.find((a) => a.isPreferred)!;
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.equal(fix.edit, undefined);
    const resolved = await client.resolve(fix);
    const dc = resolved.edit!.documentChanges![0] as TextDocumentEdit;
    assert.equal(dc.textDocument.version, p.version);
    const notes = Object.values(resolved.edit!.changeAnnotations ?? {});
    assert.ok(notes.some((n) => /measured (saving|trade-off)|saving not measured|estimated saving/i.test(n.description ?? '')), JSON.stringify(notes));
    const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: d.range.start })) as { contents: { value: string } };
    assert.match(hover.contents.value, /Gas:/);
  });
});
