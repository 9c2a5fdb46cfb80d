/**
 * A real LSP client for the server tests: it spawns the built server
 * (`node server/out/server.js --stdio`) and speaks JSON-RPC over its pipes,
 * answering the server's requests the way an editor would.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type ClientCapabilities,
  type WorkspaceEdit,
  type TextDocumentContentChangeEvent,
  type Diagnostic,
  type CodeAction,
  type Range,
  WorkDoneProgress,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SERVER = path.join(ROOT, 'server', 'out', 'server.js');

export interface StartOptions {
  root?: string;
  settings?: Record<string, unknown>;
  capabilities?: ClientCapabilities;
  initializationOptions?: Record<string, unknown>;
  /** Extra environment for the server process (e.g. NODE_OPTIONS for a preload). */
  env?: Record<string, string>;
}

/** A JSON-RPC answer as it came over the wire. */
export interface RawResponse {
  result?: unknown;
  error?: { code: number; message: string };
}

export const FULL_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    applyEdit: true,
    workspaceEdit: { documentChanges: true, changeAnnotationSupport: { groupsOnLabel: false } },
    codeLens: { refreshSupport: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    didChangeConfiguration: { dynamicRegistration: true },
  },
  window: { workDoneProgress: true, showDocument: { support: true } },
  textDocument: {
    synchronization: { didSave: true },
    publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true, tagSupport: { valueSet: [1, 2] } },
    codeAction: { resolveSupport: { properties: ['edit'] }, dataSupport: true, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
  },
};

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function waitUntil<T>(check: () => T | undefined | false, what: string, timeoutMs = 10000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = check();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export class TestClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  readonly logs: string[] = [];
  /** Log lines and publishes in the order they arrived, for tests that assert what came first. */
  readonly events: Array<{ kind: 'log'; message: string } | { kind: 'diagnostics'; uri: string; version?: number }> = [];
  readonly docs = new Map<string, TextDocument>();
  codeLensRefreshes = 0;
  stderr = '';
  private rawSeq = 0;
  private rawBuffer = Buffer.alloc(0);
  private readonly rawPending = new Map<string, (m: RawResponse) => void>();
  settings: Record<string, unknown>;
  private exited = false;

  private constructor(
    readonly conn: ProtocolConnection,
    readonly proc: ChildProcess,
    opts: StartOptions,
  ) {
    this.settings = opts.settings ?? {};
  }

  static async start(opts: StartOptions = {}): Promise<TestClient> {
    const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env ? { ...process.env, ...opts.env } : process.env });
    const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const client = new TestClient(conn, proc, opts);
    proc.stderr!.on('data', (d) => (client.stderr += String(d)));
    proc.on('exit', () => (client.exited = true));
    // A second reader of the same output, for the answers to rawRequest (the connection ignores their ids).
    proc.stdout!.on('data', (d: Buffer) => client.readRaw(d));
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      let list = client.diagnostics.get(p.uri);
      if (!list) client.diagnostics.set(p.uri, (list = []));
      list.push(p);
      client.events.push({ kind: 'diagnostics', uri: p.uri, version: p.version });
    });
    conn.onNotification('window/logMessage', (p: { message: string }) => {
      client.logs.push(p.message);
      client.events.push({ kind: 'log', message: p.message });
    });
    conn.onRequest('workspace/configuration', (p: { items: Array<{ section?: string }> }) => p.items.map((i) => (i.section === 'synor' ? client.settings : null)));
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('client/unregisterCapability', () => null);
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onRequest('workspace/codeLens/refresh', () => {
      client.codeLensRefreshes++;
      return null;
    });
    conn.onRequest('window/showDocument', () => ({ success: true }));
    conn.onRequest('workspace/applyEdit', (p: { edit: WorkspaceEdit }) => client.applyWorkspaceEdit(p.edit));
    conn.listen();
    const rootUri = opts.root ? TestClient.uri(opts.root) : null;
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: opts.root ? [{ uri: rootUri, name: path.basename(opts.root) }] : null,
      capabilities: opts.capabilities ?? FULL_CAPABILITIES,
      initializationOptions: opts.initializationOptions,
    });
    conn.sendNotification('initialized', {});
    return client;
  }

  /**
   * Sends a request with exactly these params (`null`, a number, or left out with
   * `undefined`), which the typed connection would not send as they are, and returns
   * the server's answer: `{ result }` or `{ error: { code, message } }`.
   */
  rawRequest(method: string, params: unknown, timeoutMs = 10000): Promise<RawResponse> {
    const id = `raw-${++this.rawSeq}`;
    const message: Record<string, unknown> = { jsonrpc: '2.0', id, method };
    if (params !== undefined) message.params = params;
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.rawPending.delete(id);
        reject(new Error(`no answer to ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.rawPending.set(id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      this.proc.stdin!.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
    });
  }

  private readRaw(chunk: Buffer): void {
    this.rawBuffer = Buffer.concat([this.rawBuffer, chunk]);
    for (;;) {
      const headerEnd = this.rawBuffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.rawBuffer.subarray(0, headerEnd).toString('ascii'))?.[1] ?? NaN);
      if (!Number.isFinite(length) || this.rawBuffer.length < headerEnd + 4 + length) return;
      const body = this.rawBuffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.rawBuffer = this.rawBuffer.subarray(headerEnd + 4 + length);
      let m: RawResponse & { id?: unknown };
      try {
        m = JSON.parse(body) as RawResponse & { id?: unknown };
      } catch {
        continue;
      }
      if (typeof m.id === 'string' && this.rawPending.has(m.id)) {
        const done = this.rawPending.get(m.id)!;
        this.rawPending.delete(m.id);
        done({ result: m.result, error: m.error });
      }
    }
  }

  /** Records the work-done progress reported under a token (vscode-jsonrpc routes $/progress by token). */
  watchProgress(token: string): Array<{ kind: string }> {
    const seen: Array<{ kind: string }> = [];
    this.conn.onProgress(WorkDoneProgress.type, token, (v) => seen.push(v));
    return seen;
  }

  static uri(file: string): string {
    return 'file://' + file.split(path.sep).map(encodeURIComponent).join('/');
  }

  get alive(): boolean {
    return !this.exited;
  }

  open(uri: string, text: string, version = 1): TextDocument {
    const doc = TextDocument.create(uri, 'solidity', version, text);
    this.docs.set(uri, doc);
    // A reopened document starts a new history, so waits do not match the previous session's publishes.
    this.diagnostics.delete(uri);
    this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'solidity', version, text } });
    return doc;
  }

  /** Sends incremental changes and updates the local copy; returns the new version. */
  change(uri: string, changes: TextDocumentContentChangeEvent[]): number {
    const doc = this.docs.get(uri)!;
    const next = TextDocument.update(doc, changes, doc.version + 1);
    this.docs.set(uri, next);
    this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: next.version }, contentChanges: changes });
    return next.version;
  }

  /** Inserts text at a position, as typing does. */
  type(uri: string, line: number, character: number, text: string): number {
    return this.change(uri, [{ range: { start: { line, character }, end: { line, character } }, text }]);
  }

  replaceAll(uri: string, text: string): number {
    return this.change(uri, [{ text }]);
  }

  save(uri: string): void {
    this.conn.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  close(uri: string): void {
    this.docs.delete(uri);
    this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  text(uri: string): string {
    return this.docs.get(uri)!.getText();
  }

  /** Every publish for a URI so far. */
  published(uri: string): PublishDiagnosticsParams[] {
    return this.diagnostics.get(uri) ?? [];
  }

  latest(uri: string): PublishDiagnosticsParams | undefined {
    const list = this.published(uri);
    return list[list.length - 1];
  }

  /** Waits for a publish of exactly `version` (or of anything, when undefined) and returns its diagnostics. */
  async diagnosticsFor(uri: string, version?: number, timeoutMs = 10000): Promise<Diagnostic[]> {
    const p = await waitUntil(() => this.published(uri).find((x) => version === undefined || x.version === version), `diagnostics for ${path.basename(uri)} v${version ?? 'any'}`, timeoutMs);
    return p.diagnostics;
  }

  /**
   * Waits for a publish of `version` and, when that answer was provisional (a
   * large file's first answer to an edit inside one function, see
   * `synor/status`), for the complete analysis of the same version; returns
   * the diagnostics shown then.
   */
  async completeDiagnosticsFor(uri: string, version: number, timeoutMs = 10000): Promise<Diagnostic[]> {
    await this.diagnosticsFor(uri, version, timeoutMs);
    await this.untilComplete(uri, timeoutMs);
    const latest = this.latest(uri)!;
    assert.equal(latest.version, version, 'nothing newer was published');
    return latest.diagnostics;
  }

  /**
   * Waits until what the document shows is no longer a provisional answer
   * (`synor/status`); true when it was one when asked first.
   */
  async untilComplete(uri: string, timeoutMs = 10000): Promise<boolean> {
    const t0 = Date.now();
    for (let first = true; ; first = false) {
      // Through the connection, not `rawRequest`: its answer then comes after every notification sent before it (the complete publish).
      const st = (await this.conn.sendRequest('synor/status')) as { documents: { provisional: string[] } };
      if (!st.documents.provisional.includes(uri)) return !first;
      if (Date.now() - t0 > timeoutMs) throw new Error(`no complete analysis of ${path.basename(uri)} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const r = await this.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, only } });
    return (r ?? []) as CodeAction[];
  }

  async resolve(action: CodeAction): Promise<CodeAction> {
    return (await this.conn.sendRequest('codeAction/resolve', action)) as CodeAction;
  }

  /** Applies a WorkspaceEdit to the local documents and sends the change, as an editor does. */
  applyWorkspaceEdit(edit: WorkspaceEdit): { applied: boolean; failureReason?: string } {
    const perDoc: Array<{ uri: string; version: number | null; edits: Array<{ range: Range; newText: string }> }> = [];
    for (const dc of edit.documentChanges ?? []) {
      if ('textDocument' in dc) perDoc.push({ uri: dc.textDocument.uri, version: dc.textDocument.version, edits: dc.edits as Array<{ range: Range; newText: string }> });
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) perDoc.push({ uri, version: null, edits });
    for (const d of perDoc) {
      const doc = this.docs.get(d.uri);
      if (!doc) return { applied: false, failureReason: `not open: ${d.uri}` };
      if (d.version !== null && d.version !== doc.version) return { applied: false, failureReason: `version mismatch: edit for ${d.version}, document at ${doc.version}` };
    }
    for (const d of perDoc) {
      const doc = this.docs.get(d.uri)!;
      const text = TextDocument.applyEdits(doc, d.edits);
      this.replaceAll(d.uri, text);
    }
    return { applied: true };
  }

  changeSettings(settings: Record<string, unknown>): void {
    this.settings = settings;
    this.conn.sendNotification('workspace/didChangeConfiguration', { settings: { synor: settings } });
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      this.conn.sendNotification('exit');
    } catch {
      // Already gone.
    }
    await waitUntil(() => this.exited || undefined, 'server exit', 5000).catch(() => this.proc.kill());
    this.conn.dispose();
  }
}
