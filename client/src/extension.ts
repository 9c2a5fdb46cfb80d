import * as vscode from 'vscode';
import { COMMAND_IDS, registerCommands } from './commands';
import { ServerConnection, type ServerState } from './connection';
import { FindingsView, registerFindingsCommands, type FindingsViewState } from './findings';
import { Log, toLogLevel } from './log';
import { exportReport, type ExportFormat } from './report/export';
import type { RawReport } from './report/model';
import { ReportPanel } from './report/panel';
import { StatusBar } from './status';
import { TeamTriageClient } from './team';

/**
 * What `activate` returns. The extension-host tests read it; nothing else should rely on it.
 */
export interface SynorApi {
  /** Resolves when the language server is running; rejects if it could not start. */
  ready(): Promise<void>;
  serverState(): ServerState;
  statusText(): string;
  /** The open report panel's page and the report it shows. */
  reportState(): { html: string; report: RawReport | undefined; uri: string } | undefined;
  exportReport(uri: vscode.Uri, format: ExportFormat, target: vscode.Uri): Promise<vscode.Uri | undefined>;
  execute<T>(command: string, ...args: unknown[]): Promise<T>;
  /** The findings view: what it shows after fetching again, and its filters. */
  findings(): { refresh(): Promise<ReturnType<FindingsView['snapshot']>>; snapshot(): ReturnType<FindingsView['snapshot']>; setState(patch: Partial<FindingsViewState>): Promise<void> };
  /** Where the report panel last scrolled to (a gas lens). */
  reportTarget(): { contract?: string; function?: string } | undefined;
}

let connection: ServerConnection | undefined;
let findingsRef: FindingsView | undefined;
let teamRef: TeamTriageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<SynorApi> {
  const channel = vscode.window.createOutputChannel('Synor');
  const log = new Log(channel);
  const readLevel = () => (log.level = toLogLevel(vscode.workspace.getConfiguration('synor').get('logLevel')));
  readLevel();
  const status = new StatusBar();
  context.subscriptions.push(channel, status);

  const server = new ServerConnection(
    context,
    log,
    {
      onState: (state, detail) => {
        status.setServerState(state, detail);
        // After a (re)start the server holds nothing yet; the view fills again as files are analysed.
        if (state === 'running') findingsRef?.scheduleRefresh(0);
        // The team's triage (synor.server): a started server is told which service to follow.
        if (state === 'running') teamRef?.serverStarted();
      },
      onDocumentSent: (uri) => status.analysing(uri),
      onDiagnostics: (uri) => status.analysed(uri),
    },
    COMMAND_IDS,
  );
  connection = server;
  context.subscriptions.push(server);
  registerCommands(context, server, log);
  const findings = new FindingsView(context, server, log);
  findingsRef = findings;
  context.subscriptions.push(findings);
  registerFindingsCommands(context, findings, log);
  const team = new TeamTriageClient(context, server, log);
  teamRef = team;
  context.subscriptions.push(team, team.onDidChange(() => findings.scheduleRefresh(0)));
  // The status bar counts the active file from the same answer as the view (and the report).
  status.countsSource = (uri) => {
    const file = findings.findings?.files.find((f) => f.uri === uri.toString());
    if (!file) return undefined;
    const c = { high: 0, medium: 0, low: 0, info: 0, triaged: 0 };
    for (const f of file.findings) {
      if (f.triage) c.triaged++;
      else c[f.severity]++;
    }
    return c;
  };
  context.subscriptions.push(findings.onDidRefresh(() => status.update()));

  const sendActive = (editor: vscode.TextEditor | undefined) => {
    if (editor?.document.languageId === 'solidity') server.notify('synor/activeDocument', { uri: editor.document.uri.toString() });
  };
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      status.update();
      sendActive(editor);
    }),
    vscode.languages.onDidChangeDiagnostics(() => status.update()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('synor.logLevel')) readLevel();
    }),
    // Until the workspace is trusted the server loads only the bundled compilers (never the
    // workspace's node_modules/solc nor synor.compilerPath); it reads the trust at initialize,
    // so a restart hands it the new state.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      log.info('workspace trusted: restarting the server so that it may use the workspace\'s own compiler and synor.compilerPath');
      void server.restart().catch(() => undefined);
    }),
  );

  log.info(`Synor ${context.extension.packageJSON.version ?? ''} activating (VS Code ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'})`);
  const started = server.start().then(
    () => sendActive(vscode.window.activeTextEditor),
    (err: unknown) => {
      void vscode.window.showErrorMessage(`Synor could not start its language server: ${err instanceof Error ? err.message : String(err)}`, 'Show Log').then((pick) => {
        if (pick) channel.show(true);
      });
      throw err;
    },
  );
  // Activation must not fail because the server did; the status bar and the log say what happened.
  started.catch(() => undefined);

  return {
    ready: () => started,
    serverState: () => server.currentState,
    statusText: () => status.text,
    reportState: () => ReportPanel.active?.state,
    exportReport: async (uri, format, target) => {
      const raw = await server.execute<RawReport>('synor.report', { uri: uri.toString() });
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      return exportReport(raw, format, doc, target);
    },
    execute: (command, ...args) => server.execute(command, ...args),
    findings: () => ({
      refresh: async () => {
        await findings.refresh();
        return findings.snapshot();
      },
      snapshot: () => findings.snapshot(),
      setState: (patch) => findings.setState(patch),
    }),
    reportTarget: () => ReportPanel.active?.scrolledTo,
  };
}

export async function deactivate(): Promise<void> {
  await connection?.stop();
  connection = undefined;
}
