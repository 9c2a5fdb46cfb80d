/**
 * Workspace Trust through the real language server over stdio: a booby-trapped workspace
 * (test/trap.ts: a node_modules/solc, a configured soljson.js, JavaScript configs and a
 * binary named by foundry.toml, each writing a marker file when run) is opened, edited and
 * saved so that the deep tier compiles. Untrusted (the default, or said by the client),
 * nothing of it runs and the bundled compiler still gives compiler diagnostics; trusted,
 * the workspace's own compiler is used, so the marker appears: the traps are live.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient, waitUntil } from './client';
import { makeTrappedWorkspace, TRAP_ERROR_LINE, type TrappedWorkspace } from '../trap';

interface ReportAnswer {
  deep: { status: string; compiler?: { version: string; source: string }; reason?: string };
}

describe('server: Workspace Trust (nothing from an untrusted workspace runs)', function () {
  this.timeout(180_000);
  let tmp: string;
  let trap: TrappedWorkspace;
  let client: TestClient | undefined;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-trust-server-'));
    trap = makeTrappedWorkspace(tmp);
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** Opens Trap.sol, edits it, saves it, and waits for the compiler's diagnostic; returns the report's deep status. */
  async function session(opts: { initializationOptions?: Record<string, unknown>; compilerPath?: string }): Promise<{ diagnostics: Diagnostic[]; report: ReportAnswer }> {
    const settings: Record<string, unknown> = { deepAnalysis: { onSave: true, onIdle: false } };
    if (opts.compilerPath) settings.compilerPath = opts.compilerPath;
    client = await TestClient.start({ root: trap.workspace, settings, initializationOptions: opts.initializationOptions });
    const c = client;
    const uri = TestClient.uri(trap.file);
    c.open(uri, fs.readFileSync(trap.file, 'utf8'), 1);
    await c.diagnosticsFor(uri, 1);
    const v = c.type(uri, 4, 0, '    // edited\n');
    await c.diagnosticsFor(uri, v);
    c.save(uri);
    const diagnostics = await waitUntil(() => {
      const p = c.latest(uri);
      return p && p.version === v && p.diagnostics.some((d) => d.code === 'compiler-error') ? p.diagnostics : undefined;
    }, 'a compiler-error diagnostic from the deep tier', 120_000);
    const report = (await c.conn.sendRequest('workspace/executeCommand', { command: 'synor.report', arguments: [{ uri }] })) as ReportAnswer;
    return { diagnostics, report };
  }

  const fired = () => trap.fired().map((l) => l.replace(/ \(pid \d+\)$/, ''));

  it('untrusted by default: compiles with the bundled solc and runs nothing from the workspace', async () => {
    const { diagnostics, report } = await session({ compilerPath: trap.soljsonTrap });
    const err = diagnostics.find((d) => d.code === 'compiler-error')!;
    assert.equal(err.range.start.line, TRAP_ERROR_LINE + 1);
    assert.match(err.message, /Undeclared identifier/);
    assert.deepEqual(report.deep.compiler, { version: '0.8.37', source: 'bundled' });
    assert.ok(client!.logs.some((l) => /synor language server ready/.test(l) && /trusted.*false/.test(l)), client!.logs.join('\n'));
    assert.deepEqual(fired(), []);
  });

  it('untrusted when the client says so: the same', async () => {
    const { report } = await session({ initializationOptions: { workspaceTrusted: false }, compilerPath: trap.soljsonTrap });
    assert.deepEqual(report.deep.compiler, { version: '0.8.37', source: 'bundled' });
    assert.deepEqual(fired(), []);
  });

  it('trusted: uses the workspace node_modules/solc (its trap fires), and still never runs a config or a named binary', async () => {
    const { diagnostics, report } = await session({ initializationOptions: { workspaceTrusted: true } });
    assert.ok(diagnostics.some((d) => d.code === 'compiler-error'));
    assert.deepEqual(report.deep.compiler, { version: '0.8.37', source: 'node_modules' });
    assert.deepEqual(fired(), ['workspace node_modules/solc was required']);
  });

  it('trusted: uses the configured compiler path (its trap fires)', async () => {
    const { report } = await session({ initializationOptions: { workspaceTrusted: true }, compilerPath: trap.soljsonTrap });
    assert.deepEqual(report.deep.compiler, { version: '0.8.37', source: 'configured' });
    assert.deepEqual(fired(), ['configured soljson-trap.js was loaded']);
  });
});
