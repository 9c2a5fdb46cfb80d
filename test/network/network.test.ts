/**
 * Synor makes no network request unless the user configured one. The language server and
 * the CLI run with a preload (test/network/no-network.cjs, through NODE_OPTIONS so that it
 * is in force in every worker thread and child process) that makes every outgoing
 * net/tls/http/https/http2/fetch/dns/udp attempt, and listening on a port, fail loudly and
 * records it; over a realistic session the record must hold no attempt. The guard is tested
 * first: it must catch each kind of attempt, in the main thread and in a worker.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { ROOT, TestClient } from '../server/client';

const GUARD = path.join(__dirname, 'no-network.cjs');
const CLI = path.join(ROOT, 'cli/out/synor.js');

interface Entry {
  kind: 'loaded' | 'attempt';
  pid: number;
  thread: number;
  main?: boolean;
  argv1?: string;
  what?: string;
  detail?: string;
  stack?: string;
}

function guardedEnv(log: string): Record<string, string> {
  return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(GUARD)}`.trim(), SYNOR_NETWORK_LOG: log };
}

function readLog(log: string): Entry[] {
  return fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Entry) : [];
}

function attempts(log: string): string[] {
  return readLog(log)
    .filter((e) => e.kind === 'attempt')
    .map((e) => `${e.what} ${e.detail} (pid ${e.pid}, thread ${e.thread})\n    ${e.stack}`);
}

describe('network: Synor makes no network request', function () {
  this.timeout(300_000);
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-network-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('the guard catches every kind of attempt, in the main thread and in a worker thread', () => {
    const log = path.join(tmp, 'self-check.log');
    // Every call below throws (or rejects) in the guard before anything leaves the machine.
    const script = `
      const tries = [
        () => fetch('http://example.invalid/'),
        () => require('http').get('http://example.invalid/'),
        () => require('https').request('https://example.invalid/'),
        () => require('http2').connect('https://example.invalid'),
        () => require('net').connect(9, '127.0.0.1'),
        () => new (require('net').Socket)().connect(9, '127.0.0.1'),
        () => require('tls').connect(443, 'example.invalid'),
        () => require('dns').lookup('example.invalid', () => {}),
        () => require('dns').promises.resolve4('example.invalid'),
        () => require('dgram').createSocket('udp4'),
        () => require('net').createServer().listen(0),
      ];
      (async () => {
        let thrown = 0;
        for (const t of tries) {
          try { await t(); } catch (e) { if (e.code === 'ESYNORNETWORK') thrown++; }
        }
        const { Worker } = require('worker_threads');
        const w = new Worker("try { require('net').connect(9, '127.0.0.1'); } catch {}", { eval: true });
        w.on('exit', () => console.log('thrown ' + thrown));
      })();
    `;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, ...guardedEnv(log) }, timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /thrown 11/);
    const entries = readLog(log);
    const seen = new Set(entries.filter((e) => e.kind === 'attempt').map((e) => e.what));
    for (const what of ['fetch', 'http.get', 'https.request', 'http2.connect', 'net.connect', 'net.Socket.connect', 'tls.connect', 'dns.lookup', 'dns.promises.resolve4', 'dgram.createSocket', 'net.Server.listen']) assert.ok(seen.has(what), `${what} not caught; caught: ${[...seen].join(', ')}`);
    assert.ok(entries.some((e) => e.kind === 'attempt' && e.thread !== 0 && e.what === 'net.connect'), 'an attempt in a worker thread is caught');
    assert.ok(entries.some((e) => e.kind === 'loaded' && e.thread !== 0), 'the guard is loaded in worker threads');
  });

  it('the language server: open, edit, save, deep tier compiles and measures, fixes, hover, lenses, report, scan', async () => {
    const log = path.join(tmp, 'server.log');
    const project = path.join(tmp, 'project');
    fs.cpSync(path.join(ROOT, 'examples'), project, { recursive: true });
    fs.writeFileSync(path.join(project, 'package.json'), '{ "name": "network-check", "private": true }\n');
    const file = path.join(project, 'GasHeavy.sol');
    const uri = TestClient.uri(file);
    // Trusted, and the deep tier both on save and when idle: the most Synor ever does.
    const client = await TestClient.start({ root: project, settings: { deepAnalysis: { onSave: true, onIdle: true, idleMs: 200 } }, initializationOptions: { workspaceTrusted: true }, env: guardedEnv(log) });
    try {
      client.open(uri, fs.readFileSync(file, 'utf8'), 1);
      await client.diagnosticsFor(uri, 1);
      const v = client.type(uri, 3, 0, '// edited\n');
      await client.diagnosticsFor(uri, v);
      client.save(uri);
      type Lens = { command: { title: string } };
      let lenses: Lens[] = [];
      const deadline = Date.now() + 180_000;
      while (!lenses.some((l) => /deploy [\d,]+ gas/.test(l.command.title))) {
        if (Date.now() > deadline) throw new Error(`no measured lens: ${JSON.stringify(lenses)}`);
        await new Promise((r) => setTimeout(r, 200));
        lenses = (await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as Lens[];
      }
      const published = client.latest(uri)!;
      const gas = published.diagnostics.find((d: Diagnostic) => d.code === 'cache-array-length' || d.code === 'prefix-increment')!;
      assert.ok(gas, published.diagnostics.map((d) => d.code).join(' '));
      const actions: CodeAction[] = await client.codeActions(uri, gas.range, [gas]);
      const fix = actions.find((a) => a.isPreferred)!;
      const resolved = await client.resolve(fix);
      assert.ok(resolved.edit, 'the fix resolves to an edit');
      await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: gas.range.start });
      const report = (await client.conn.sendRequest('workspace/executeCommand', { command: 'synor.report', arguments: [{ uri }] })) as { deep: { status: string } };
      assert.equal(report.deep.status, 'done');
      const measured = (await client.conn.sendRequest('workspace/executeCommand', { command: 'synor.measureFunction', arguments: [{ uri, name: 'sum' }] })) as { status: string };
      assert.equal(measured.status, 'done');
      await client.conn.sendRequest('workspace/executeCommand', { command: 'synor.showDocumentation', arguments: ['cache-array-length'] });
      const scan = (await client.conn.sendRequest('workspace/executeCommand', { command: 'synor.scanWorkspace', arguments: [{}] })) as { files: number };
      assert.ok(scan.files >= 4);
    } finally {
      await client.stop();
    }
    const entries = readLog(log);
    const loaded = entries.filter((e) => e.kind === 'loaded');
    assert.ok(loaded.some((e) => e.main), 'the guard was loaded in the server');
    // The fast tier's worker (a thread of the server) and the deep tier's worker (a child
    // process of the server, which gets the guard through the environment it inherits).
    const server = loaded.find((e) => e.main && /server\.js$/.test(e.argv1 ?? ""))!;
    assert.ok(server, `the guard was loaded in the server process: ${JSON.stringify(loaded)}`);
    assert.ok(loaded.some((e) => !e.main && e.pid === server.pid), `the guard was loaded in the fast tier's thread: ${JSON.stringify(loaded)}`);
    assert.ok(loaded.some((e) => e.main && e.pid !== server.pid && /worker\.js$/.test(e.argv1 ?? "")), `the guard was loaded in the deep tier's process: ${JSON.stringify(loaded)}`);
    assert.deepEqual(attempts(log), []);
  });

  it('the CLI: --measure (every bundled compiler, the EVM), and the SARIF and HTML reports', () => {
    assert.ok(fs.existsSync(CLI), 'the CLI bundle is built');
    const log = path.join(tmp, 'cli.log');
    // The examples need solc 0.4, 0.6 and 0.8: each bundled compiler is loaded and run.
    for (const args of [['--measure', '--format', 'json'], ['--format', 'sarif'], ['--format', 'html']]) {
      const r = spawnSync(process.execPath, [CLI, 'examples/', ...args, '--fail-on', 'none'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...guardedEnv(log) }, timeout: 240_000 });
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      if (args.includes('--measure')) assert.match(r.stdout, /"deploy"/, 'gas was measured');
    }
    const loaded = readLog(log).filter((e) => e.kind === 'loaded');
    assert.ok(loaded.some((e) => e.main) && loaded.some((e) => !e.main), 'the guard was loaded in the CLI and its deep-tier worker');
    assert.deepEqual(attempts(log), []);
  });
});
