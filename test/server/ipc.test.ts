import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createProtocolConnection, IPCMessageReader, IPCMessageWriter, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { ROOT, SERVER, waitUntil } from './client';

describe('server: IPC transport (as the VS Code client starts it)', () => {
  it('initializes and publishes diagnostics over --node-ipc', async () => {
    const proc = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const conn = createProtocolConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc));
    const published: PublishDiagnosticsParams[] = [];
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => published.push(p));
    conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    conn.listen();
    try {
      const init = (await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as { capabilities: { textDocumentSync: { change: number }; executeCommandProvider: { commands: string[] } } };
      assert.equal(init.capabilities.textDocumentSync.change, 2, 'incremental sync');
      assert.deepEqual(init.capabilities.executeCommandProvider.commands.slice(0, 4), ['synor.report', 'synor.scanWorkspace', 'synor.fixAll', 'synor.measureFunction']);
      conn.sendNotification('initialized', {});
      const file = path.join(ROOT, 'test', 'fixtures', 'server', 'basic', 'Wallet.sol');
      const uri = 'file://' + file;
      conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'solidity', version: 3, text: fs.readFileSync(file, 'utf8') } });
      const p = await waitUntil(() => published.find((x) => x.uri === uri), 'diagnostics over IPC');
      assert.equal(p.version, 3);
      assert.ok(p.diagnostics.some((d) => d.code === 'tx-origin-auth'));
      await conn.sendRequest('shutdown');
      conn.sendNotification('exit');
      await waitUntil(() => proc.exitCode !== null || undefined, 'server exit');
    } finally {
      conn.dispose();
      if (proc.exitCode === null) proc.kill();
    }
  });
});
