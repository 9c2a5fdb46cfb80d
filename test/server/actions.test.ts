import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { CodeAction, Diagnostic, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { analyze, fixAll, Project } from '../../engine/src';
import { loopSumContract } from '../helpers/loop-sum';
import { ROOT, TestClient, waitUntil } from './client';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'server', 'basic');
const wallet = path.join(FIXTURES, 'Wallet.sol');
const suppressed = path.join(FIXTURES, 'Suppressed.sol');

const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

describe('server: code actions and fixes', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ root: FIXTURES });
  });
  after(async () => {
    await client.stop();
  });

  it('offers fix, fix-all-of-rule, disable and docs; applies an unsafe fix after resolve and re-diagnoses', async () => {
    const uri = TestClient.uri(wallet);
    client.open(uri, fs.readFileSync(wallet, 'utf8'), 1);
    const diags = await client.diagnosticsFor(uri, 1);
    const d = diags.find((x) => x.code === 'tx-origin-auth')!;
    const actions = await client.codeActions(uri, d.range, [d]);
    const titles = actions.map((a) => a.title);
    const fix = actions.find((a) => a.title.startsWith('Compare msg.sender'));
    assert.ok(fix, titles.join(' | '));
    assert.ok(!fix.isPreferred, 'an unsafe fix is never preferred');
    assert.ok(titles.includes('Disable tx-origin-auth for this line'));
    assert.ok(titles.includes('Show documentation for tx-origin-auth'));
    const docs = actions.find((a) => a.title === 'Show documentation for tx-origin-auth')!;
    assert.equal(docs.command?.command, 'synor.showDocumentation');
    const shown = (await client.conn.sendRequest('workspace/executeCommand', { command: docs.command!.command, arguments: docs.command!.arguments })) as { shown: boolean; uri: string };
    assert.ok(shown.shown && shown.uri.endsWith('docs/rules/tx-origin-auth.md'));
    const refused = (await client.conn.sendRequest('workspace/executeCommand', { command: 'synor.showDocumentation', arguments: ['../../package'] })) as { shown: boolean };
    assert.equal(refused.shown, false, 'only known rule ids become paths');

    assert.equal(fix.edit, undefined, 'the edit is filled in lazily by codeAction/resolve');
    const resolved = await client.resolve(fix);
    assert.ok(resolved.edit?.documentChanges, 'a versioned edit');
    const dc = resolved.edit.documentChanges[0] as TextDocumentEdit;
    assert.equal(dc.textDocument.version, 1);
    const annotations = resolved.edit.changeAnnotations ?? {};
    assert.ok(Object.values(annotations).some((a) => a.needsConfirmation), 'unsafe fixes ask for confirmation');
    assert.equal(client.applyWorkspaceEdit(resolved.edit).applied, true);
    const after = await client.diagnosticsFor(uri, 2);
    assert.ok(!after.some((x) => x.code === 'tx-origin-auth'));
    assert.match(client.text(uri), /require\(msg\.sender == owner/);
    client.close(uri);
  });

  it('refuses to resolve an action once the document has moved on', async () => {
    const uri = TestClient.uri(wallet);
    client.open(uri, fs.readFileSync(wallet, 'utf8'), 1);
    const diags = await client.diagnosticsFor(uri, 1);
    const d = diags.find((x) => x.code === 'tx-origin-auth')!;
    const fix = (await client.codeActions(uri, d.range, [d])).find((a) => a.title.startsWith('Compare msg.sender'))!;
    const v = client.type(uri, 0, 0, ' ');
    await client.diagnosticsFor(uri, v);
    const resolved = await client.resolve(fix);
    assert.equal(resolved.edit, undefined, 'no edit for a stale action');
    // Code actions asked with diagnostics of the old version are refused too.
    const stale = await client.codeActions(uri, d.range, [d]);
    assert.ok(!stale.some((a) => a.title.startsWith('Compare msg.sender')));
    client.close(uri);
  });

  it('disables a rule for a line with the line indentation, and the finding goes away', async () => {
    const uri = TestClient.uri(wallet);
    client.open(uri, fs.readFileSync(wallet, 'utf8'), 1);
    const d = (await client.diagnosticsFor(uri, 1)).find((x) => x.code === 'tx-origin-auth')!;
    const disable = (await client.codeActions(uri, d.range, [d])).find((a) => a.title === 'Disable tx-origin-auth for this line')!;
    const resolved = await client.resolve(disable);
    assert.equal(client.applyWorkspaceEdit(resolved.edit!).applied, true);
    const lines = client.text(uri).split('\n');
    assert.equal(lines[11], '        // synor-disable-next-line tx-origin-auth');
    const after = await client.diagnosticsFor(uri, 2);
    assert.ok(!after.some((x) => x.code === 'tx-origin-auth'));
    assert.ok(!after.some((x) => x.code === 'unused-suppression'), 'the inserted comment is used');
    client.close(uri);
  });

  it('honours suppression comments and flags unused ones with the unnecessary tag', async () => {
    const uri = TestClient.uri(suppressed);
    client.open(uri, fs.readFileSync(suppressed, 'utf8'), 1);
    const diags = await client.diagnosticsFor(uri, 1);
    assert.ok(!diags.some((x) => x.code === 'tx-origin-auth'), 'suppressed');
    const unused = diags.filter((x) => x.code === 'unused-suppression');
    assert.deepEqual(unused.map((x) => x.range.start.line), [12, 17]);
    assert.deepEqual(unused[0].tags, [1]);
    const actions = await client.codeActions(uri, unused[0].range, [unused[0]]);
    const remove = actions.find((a) => a.title === 'Remove the suppression comment')!;
    assert.ok(remove.isPreferred, 'a safe fix is preferred');
    assert.ok(actions.some((a) => a.title === 'Fix all unused-suppression problems in this file (2)'));
    client.close(uri);
  });

  it('source.fixAll.synor applies only safe fixes, in one versioned edit', async () => {
    const uri = TestClient.uri(suppressed);
    // Add an unsafe finding outside the suppressions.
    const withUnsafe = fs.readFileSync(suppressed, 'utf8').replace(/}\s*$/, '    function d() external view returns (bool) {\n        return tx.origin == owner;\n    }\n}\n');
    client.open(uri, withUnsafe, 1);
    await client.diagnosticsFor(uri, 1);
    const actions = await client.codeActions(uri, whole, [], ['source.fixAll.synor']);
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.synor');
    assert.equal(client.applyWorkspaceEdit(actions[0].edit!).applied, true);
    const after = await client.diagnosticsFor(uri, 2);
    assert.ok(!after.some((x) => x.code === 'unused-suppression'));
    assert.ok(after.some((x) => x.code === 'tx-origin-auth'), 'the unsafe fix was not applied');
    const expected = analyze(client.text(uri), { path: suppressed }).findings.map((f) => f.ruleId).sort();
    assert.deepEqual(after.map((x) => String(x.code)).sort(), expected);
    client.close(uri);
  });

  it('source.fixAll.synor is the engine\'s fix-all: fixes computed together, round after round, and re-checked', async () => {
    // Not on disk: an editor buffer of a new file in the project.
    const file = path.join(FIXTURES, 'FixAllLoop.sol');
    const uri = TestClient.uri(file);
    const text = loopSumContract([
      'pragma solidity ^0.8.20;',
      'contract Loop {',
      '  uint256[] private xs;',
      '  bool private open = false;',
      '  uint256 private total;',
      '  function add(uint256 v) external { require(open == false); xs.push(v); }',
    ]);
    client.open(uri, text, 1);
    await client.diagnosticsFor(uri, 1);
    const actions = await client.codeActions(uri, whole, [], ['source.fixAll.synor']);
    assert.equal(actions.length, 1);
    assert.equal(client.applyWorkspaceEdit(actions[0].edit!).applied, true);
    const expected = fixAll(text, { path: file, project: Project.forFile(file) });
    assert.ok(expected.passes > 1, 'the loop takes several rounds');
    assert.equal(client.text(uri), expected.text);
    // `open` is never written: constant, and no default-init fix that would leave `constant` without a value.
    assert.ok(client.text(uri).includes('bool private constant open = false;'), client.text(uri));
    const after = await client.diagnosticsFor(uri, 2);
    assert.deepEqual(after.map((x) => String(x.code)).sort(), expected.result.findings.map((f) => f.ruleId).sort());
    client.close(uri);
  });

  it('offers fix-all in the Ctrl+. menu at once and computes its edit when it is chosen (resolve), the same edit as on save', async () => {
    const file = path.join(FIXTURES, 'FixAllLazy.sol');
    const uri = TestClient.uri(file);
    const text = loopSumContract([
      'pragma solidity ^0.8.20;',
      'contract Lazy {',
      '  uint256[] private xs;',
      '  bool private open = false;',
      '  uint256 private total;',
      '  function add(uint256 v) external { require(open == false); xs.push(v); }',
    ]);
    client.open(uri, text, 1);
    const ds = await client.diagnosticsFor(uri, 1);
    const invoked = await client.codeActions(uri, ds[0].range, [ds[0]]);
    const lazy = invoked.find((a) => a.kind === 'source.fixAll.synor');
    assert.ok(lazy, 'fix-all is in the menu');
    assert.equal(lazy.edit, undefined, 'not computed before it is chosen');
    const resolved = await client.resolve(lazy);
    assert.ok(resolved.edit, 'resolve computes the edit');
    const onSave = await client.codeActions(uri, whole, [], ['source.fixAll.synor']);
    assert.deepEqual(resolved.edit, onSave[0].edit);
    assert.equal(client.applyWorkspaceEdit(resolved.edit).applied, true);
    assert.equal(client.text(uri), fixAll(text, { path: file, project: Project.forFile(file) }).text);
    client.close(uri);
  });

  it('synor.fixAll applies safe fixes through workspace/applyEdit and refuses an old version', async () => {
    const uri = TestClient.uri(suppressed);
    client.open(uri, fs.readFileSync(suppressed, 'utf8'), 1);
    await client.diagnosticsFor(uri, 1);
    const refused = (await client.conn.sendRequest('workspace/executeCommand', { command: 'synor.fixAll', arguments: [{ uri, version: 0 }] })) as { applied: boolean; reason?: string };
    assert.equal(refused.applied, false);
    assert.match(refused.reason ?? '', /changed/);
    const r = (await client.conn.sendRequest('workspace/executeCommand', { command: 'synor.fixAll', arguments: [{ uri, version: 1 }] })) as { applied: boolean; fixes: number };
    assert.equal(r.applied, true);
    assert.ok(r.fixes >= 2);
    const after = await client.diagnosticsFor(uri, 2);
    assert.ok(!after.some((x: Diagnostic) => x.code === 'unused-suppression'));
    await waitUntil(() => !client.text(uri).includes('return 1;\n        // synor') || undefined, 'comments removed');
    assert.equal((client.text(uri).match(/synor-disable/g) ?? []).length, 1, 'only the used suppression stays');
    client.close(uri);
  });

  it('gives plain edits to a client without resolve or versioned-edit support', async () => {
    const plain = await TestClient.start({ root: FIXTURES, capabilities: { workspace: { configuration: true } } });
    try {
      const uri = TestClient.uri(wallet);
      plain.open(uri, fs.readFileSync(wallet, 'utf8'), 1);
      const d = (await plain.diagnosticsFor(uri, 1)).find((x) => x.code === 'tx-origin-auth')!;
      const actions: CodeAction[] = await plain.codeActions(uri, d.range, [d]);
      const fix = actions.find((a) => a.title.startsWith('Compare msg.sender'))!;
      assert.ok(fix.edit?.changes?.[uri], 'edit given up front as `changes`');
    } finally {
      await plain.stop();
    }
  });
});
