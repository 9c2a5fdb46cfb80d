/**
 * Malformed requests over the real stdio connection: every request handler validates its
 * params and answers −32602 (invalid params), naming the field, never −32603 (internal
 * error); and the server keeps answering and publishing afterwards. Requests are sent with
 * exactly the params given (`null` included) through TestClient.rawRequest.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { ROOT, TestClient, type RawResponse } from './client';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'server', 'basic');
const wallet = path.join(FIXTURES, 'Wallet.sol');

const INVALID_PARAMS = -32602;

describe('server: malformed requests answer −32602 and the server carries on', function () {
  this.timeout(60_000);
  let client: TestClient;
  let uri: string;
  let diagnostics: Diagnostic[];
  let action: CodeAction;

  before(async () => {
    client = await TestClient.start({ root: FIXTURES });
    uri = TestClient.uri(wallet);
    client.open(uri, fs.readFileSync(wallet, 'utf8'), 1);
    diagnostics = await client.diagnosticsFor(uri, 1);
    const d = diagnostics.find((x) => x.code === 'tx-origin-auth')!;
    action = (await client.codeActions(uri, d.range, [d])).find((a) => a.data !== undefined)!;
    assert.ok(action, 'a lazily resolved code action');
  });
  after(async () => {
    await client.stop();
  });

  const docId = () => ({ uri });
  const here = { line: 11, character: 8 };
  const span = () => ({ start: { line: 11, character: 0 }, end: { line: 11, character: 10 } });

  /** [method, params, the field the error must name] */
  const cases = (): Array<[string, unknown, RegExp]> => [
    // The three from the issue.
    ['codeAction/resolve', { ...action, data: { ...(action.data as object), uri: 42 } }, /params\.data\.uri must be a string/],
    ['textDocument/codeAction', { textDocument: docId(), range: span(), context: null }, /params\.context must be an object/],
    ['textDocument/codeLens', { textDocument: null }, /params\.textDocument must be an object/],
    // Params that are not an object at all, or left out.
    ['textDocument/codeAction', null, /params must be an object/],
    ['textDocument/codeLens', null, /params must be an object/],
    ['textDocument/hover', null, /params must be an object/],
    ['codeAction/resolve', null, /params must be an object/],
    ['workspace/executeCommand', null, /params must be an object/],
    // These two the JSON-RPC library itself answers −32602, before any handler runs.
    ['textDocument/hover', undefined, /defines 1 params but received none/],
    ['textDocument/codeLens', [docId()], /by name but received parameters by position/],
    ['codeAction/resolve', [action], /by name but received parameters by position/],
    // Each field a handler reads.
    ['textDocument/codeAction', { textDocument: { uri: 7 }, range: span(), context: { diagnostics: [] } }, /params\.textDocument\.uri must be a string/],
    ['textDocument/codeAction', { textDocument: docId(), range: { start: here }, context: { diagnostics: [] } }, /params\.range\.end must be an object/],
    ['textDocument/codeAction', { textDocument: docId(), range: span(), context: { diagnostics: 'all' } }, /params\.context\.diagnostics must be an array/],
    ['textDocument/codeAction', { textDocument: docId(), range: span(), context: { diagnostics: [{ message: 'x' }] } }, /params\.context\.diagnostics\[0\]\.range must be an object/],
    ['textDocument/codeAction', { textDocument: docId(), range: span(), context: { diagnostics: [], only: 'quickfix' } }, /params\.context\.only must be an array/],
    ['codeAction/resolve', { title: 'x', data: { ...(action.data as object), kind: 'explode' } }, /params\.data\.kind must be one of/],
    ['codeAction/resolve', { title: 'x', data: { ...(action.data as object), index: -1 } }, /params\.data\.index must be a non-negative integer/],
    ['codeAction/resolve', { data: action.data }, /params\.title must be a string/],
    ['textDocument/hover', { textDocument: docId(), position: { line: '11', character: 8 } }, /params\.position\.line must be a non-negative integer/],
    ['textDocument/hover', { textDocument: docId() }, /params\.position must be an object/],
    ['workspace/executeCommand', { command: 42 }, /params\.command must be one of/],
    ['workspace/executeCommand', { command: 'synor.selfDestruct', arguments: [] }, /params\.command must be one of/],
    ['workspace/executeCommand', { command: 'synor.report', arguments: 'x' }, /params\.arguments must be an array/],
    ['workspace/executeCommand', { command: 'synor.report', arguments: [{ uri: 5 }] }, /synor\.report: params\.arguments\[0\]\.uri must be a string/],
    ['workspace/executeCommand', { command: 'synor.report', arguments: [] }, /synor\.report: params\.arguments\[0\] must be an object/],
    ['workspace/executeCommand', { command: 'synor.fixAll', arguments: [{ uri, version: 'one' }] }, /params\.arguments\[0\]\.version must be an integer/],
    ['workspace/executeCommand', { command: 'synor.measureFunction', arguments: [{ uri, position: 'top' }] }, /params\.arguments\[0\]\.position must be an object/],
    ['workspace/executeCommand', { command: 'synor.scanWorkspace', arguments: [{ folders: 'all' }] }, /params\.arguments\[0\]\.folders must be an array/],
    ['workspace/executeCommand', { command: 'synor.showDocumentation', arguments: [{ ruleId: ['tx-origin-auth'] }] }, /params\.arguments\[0\]\.ruleId must be a string/],
  ];

  it('answers every malformed request with −32602 naming the field', async () => {
    const wrong: string[] = [];
    for (const [method, params, field] of cases()) {
      const r: RawResponse = await client.rawRequest(method, params);
      const label = `${method} ${JSON.stringify(params)?.slice(0, 80)}`;
      if (!r.error) wrong.push(`${label}: answered ${JSON.stringify(r.result)?.slice(0, 80)}`);
      else if (r.error.code !== INVALID_PARAMS) wrong.push(`${label}: code ${r.error.code} (${r.error.message})`);
      else if (!field.test(r.error.message)) wrong.push(`${label}: message "${r.error.message}" does not match ${field}`);
      else if (!r.error.message.includes(method)) wrong.push(`${label}: message does not name the method: ${r.error.message}`);
    }
    assert.deepEqual(wrong, []);
    assert.ok(client.alive, 'the server is still running');
    assert.ok(!client.logs.some((l) => /uncaught|unhandled/.test(l)), client.logs.join('\n'));
  });

  it('still answers well-formed requests, old and new forms, after them', async () => {
    const lenses = await client.rawRequest('textDocument/codeLens', { textDocument: docId() });
    assert.equal(lenses.error, undefined);
    assert.ok(Array.isArray(lenses.result));
    const hover = await client.rawRequest('textDocument/hover', { textDocument: docId(), position: diagnostics.find((d) => d.code === 'tx-origin-auth')!.range.start });
    assert.match(JSON.stringify(hover.result), /tx-origin-auth/);
    const resolved = await client.resolve(action);
    assert.ok(resolved.edit, 'the real action still resolves');
    // A bare URI string is still accepted for a command's { uri }.
    const report = (await client.conn.sendRequest('workspace/executeCommand', { command: 'synor.report', arguments: [uri] })) as { uri?: string };
    assert.equal(report.uri, uri);
    // An unknown rule is not a malformed request: it is answered with a result that says why.
    const docs = (await client.conn.sendRequest('workspace/executeCommand', { command: 'synor.showDocumentation', arguments: ['no-such-rule'] })) as { shown: boolean; error?: string };
    assert.equal(docs.shown, false);
    assert.match(docs.error ?? '', /unknown rule/);
    // An action whose data is absent (a command-only action) comes back as it was.
    const plain = await client.rawRequest('codeAction/resolve', { title: 'Show documentation', command: { title: 'x', command: 'synor.showDocumentation', arguments: ['tx-origin-auth'] } });
    assert.deepEqual((plain.result as { title: string }).title, 'Show documentation');
  });

  it('keeps analysing and publishing after the malformed requests', async () => {
    const v = client.type(uri, 0, 0, '// still here\n');
    const after = await client.diagnosticsFor(uri, v);
    assert.ok(after.some((d) => d.code === 'tx-origin-auth' && d.range.start.line === 12));
  });
});
