/**
 * Synor's language server: capabilities and wiring only. Start it with
 * `node server/out/server.js --stdio` or, from the VS Code client, over IPC
 * (`--node-ipc`). The same bundle, started as a worker thread, is the fast
 * tier's analysis worker (see fastTier.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { isMainThread, workerData } from 'node:worker_threads';
import {
  CodeActionRequest,
  CodeActionResolveRequest,
  CodeLensRequest,
  createConnection,
  HoverRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ExecuteCommandRequest,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { runWorkerThread } from './fastTier';
import { SynorService } from './service';
import { pathToUri, uriToPath } from './settings';
import { onCodeAction, onCodeActionResolve, FIX_ALL_KIND, setConfirmsUnsafeFixes } from './handlers/codeActions';
import { onHover } from './handlers/hover';
import { onCodeLens } from './handlers/codeLens';
import { COMMANDS, onExecuteCommand } from './handlers/commands';
import { FINDINGS_REQUEST, onFindings } from './handlers/findings';
import { STATUS_REQUEST, onStatus } from './handlers/status';
import { packageRoot } from './convert';
import { CodeActionKind } from 'vscode-languageserver/node';
import { TEAM_NOTIFICATION, TEAM_REFRESH_REQUEST, wireTeam } from './teamWiring';

if (!isMainThread && (workerData as { synorFastTier?: boolean } | undefined)?.synorFastTier) runWorkerThread();
else if (isMainThread) startServer();

function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const svc = new SynorService(connection, documents, __filename);

  // No failure of ours may take the server down; log it and carry on.
  process.on('uncaughtException', (err) => svc.log.error('uncaught exception', { error: err?.stack ?? String(err) }));
  process.on('unhandledRejection', (err) => svc.log[svc.shuttingDown ? 'debug' : 'error']('unhandled rejection', { error: (err as Error)?.stack ?? String(err) }));

  let workspaceFolderEvents = false;

  connection.onInitialize((params): InitializeResult => {
    const c = params.capabilities;
    workspaceFolderEvents = !!c.workspace?.workspaceFolders;
    const opts = (params.initializationOptions ?? {}) as { workspaceTrusted?: boolean; settings?: unknown; confirmUnsafeFixes?: boolean; restarted?: boolean };
    // A restart ("Synor: Restart Server", or trust granted): every document opened again is analysed by both tiers.
    if (opts.restarted === true) svc.restarted();
    setConfirmsUnsafeFixes(svc, opts.confirmUnsafeFixes === true);
    svc.features = {
      configuration: !!c.workspace?.configuration,
      codeLensRefresh: !!c.workspace?.codeLens?.refreshSupport,
      workDoneProgress: !!c.window?.workDoneProgress,
      codeActionResolve: !!c.textDocument?.codeAction?.resolveSupport?.properties.includes('edit'),
      changeAnnotations: !!c.workspace?.workspaceEdit?.changeAnnotationSupport,
      documentChanges: !!c.workspace?.workspaceEdit?.documentChanges,
      showDocument: !!c.window?.showDocument?.support,
      watchedFilesDynamic: !!c.workspace?.didChangeWatchedFiles?.dynamicRegistration,
      // Only an explicit `true` trusts the workspace: a client that says nothing gets Restricted Mode.
      trusted: opts.workspaceTrusted === true,
    };
    if (opts.settings) svc.setGlobalSettings(opts.settings);
    const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p) ?? [];
    if (folders.length === 0 && params.rootUri) {
      const root = uriToPath(params.rootUri);
      if (root) folders.push(root);
    }
    svc.configs.roots = folders;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [...COMMANDS] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'synor', version: readVersion() },
    };
  });

  connection.onInitialized(async () => {
    svc.fast.warm();
    const engineWorker = path.join(packageRoot(), 'engine', 'out', 'worker.js');
    svc.initDeep(fs.existsSync(engineWorker) ? engineWorker : undefined);
    if (svc.features.configuration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'synor' }).catch(() => undefined);
      try {
        svc.setGlobalSettings(await connection.workspace.getConfiguration('synor'));
      } catch {
        // Defaults stay in force.
      }
    }
    if (svc.features.watchedFilesDynamic) {
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          // Solidity files too: an open document's findings depend on the files it imports.
          watchers: [{ globPattern: '**/synor.config.json' }, { globPattern: '**/remappings.txt' }, { globPattern: '**/foundry.toml' }, { globPattern: '**/*.sol' }],
        })
        .catch((err) => svc.log.warn('could not register file watchers', { error: String(err) }));
    }
    // The library throws when asked for folder events a client never offered.
    if (workspaceFolderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
        svc.configs.roots = svc.configs.roots.filter((r) => !removed.has(r)).concat(e.added.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p));
        svc.configs.invalidateLookups();
        void svc.indexWorkspace([...removed].filter((r): r is string => !!r));
      });
    }
    svc.log.info('synor language server ready', { version: readVersion(), node: process.version, roots: svc.configs.roots.length, deep: svc.deepStatus.available ? 'available' : 'unavailable', trusted: svc.features.trusted });
    // Read every project config once, so that errors in one show up before any file is opened.
    for (const r of svc.configs.roots) {
      const cf = svc.configs.configFileFor(path.join(r, '__probe__.sol'));
      if (cf) svc.configs.stateFor(path.join(r, '__probe__.sol'));
    }
    // The workspace's sources are linked in the background, so that a base knows what derives from it.
    void svc.indexWorkspace();
    const s = await svc.settingsFor(svc.configs.roots[0] ? pathToUri(svc.configs.roots[0]) : 'file:///');
    if (s.scanWorkspaceOnStartup) void onExecuteCommand(svc, { command: 'synor.scanWorkspace', arguments: [] }, { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) }, nullProgress(), false);
  });

  connection.onDidChangeConfiguration((p) => void svc.configurationChanged(p.settings));
  connection.onDidChangeWatchedFiles((p) => {
    for (const c of p.changes) svc.watchedFileChanged(c.uri, c.type === FileChangeType.Created ? 'created' : c.type === FileChangeType.Deleted ? 'deleted' : 'changed');
  });
  // A notification has no answer to carry an error: a malformed one is ignored.
  connection.onNotification('synor/activeDocument', (p: { uri?: unknown } | null) => svc.setActive(typeof p?.uri === 'string' ? p.uri : undefined));

  documents.onDidOpen((e) => void svc.opened(e.document));
  documents.onDidChangeContent((e) => {
    // onDidChangeContent also fires on open; changed() ignores that one.
    void svc.changed(e.document);
  });
  documents.onDidClose((e) => svc.closed(e.document.uri));
  documents.onDidSave((e) => void svc.saved(e.document));

  // Requests are registered with onRequest rather than the library's onCodeAction, onHover, …,
  // whose wrappers read `params.workDoneToken` before the handler runs: params of null would
  // fail there as an internal error, before each handler's validation can answer −32602.
  connection.onRequest(CodeActionRequest.type, (p) => onCodeAction(svc, p));
  connection.onRequest(CodeActionResolveRequest.type, (a) => onCodeActionResolve(svc, a));
  connection.onRequest(HoverRequest.type, (p) => onHover(svc, p));
  connection.onRequest(CodeLensRequest.type, (p) => onCodeLens(svc, p));
  // The findings view's model: every finding held, triaged ones included (handlers/findings.ts).
  connection.onRequest(FINDINGS_REQUEST, (p: unknown) => onFindings(svc, p));
  // What the server holds (memory per thread, documents, caches, the deep worker): handlers/status.ts.
  connection.onRequest(STATUS_REQUEST, () => onStatus(svc));
  // The handler also needs to know whether the request carried a workDoneToken.
  connection.onRequest(ExecuteCommandRequest.type, (p, token) => {
    const workDoneToken = typeof p === 'object' && p !== null ? p.workDoneToken : undefined;
    return onExecuteCommand(svc, p, token, connection.window.attachWorkDoneProgress(workDoneToken), workDoneToken !== undefined);
  });
  // The team's triage from the Synor service (team.ts), configured by the client.
  const team = wireTeam(svc);
  connection.onNotification(TEAM_NOTIFICATION, (p: unknown) => team.configure(p));
  connection.onRequest(TEAM_REFRESH_REQUEST, () => team.refresh());
  connection.onShutdown(() => {
    team.dispose();
    svc.dispose();
  });

  documents.listen(connection);
  connection.listen();
}

function nullProgress() {
  return { begin() {}, report() {}, done() {} };
}

function readVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
