import fs from 'node:fs';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type DynamicFeature,
  type LanguageClientOptions,
  type ServerOptions,
  type StaticFeature,
} from 'vscode-languageclient/node';
import { describe, type Log } from './log';

/** What the rest of the extension hears about the server's life. */
export type ServerState = 'starting' | 'running' | 'stopped' | 'failed';

export interface ConnectionHooks {
  onState(state: ServerState, detail?: string): void;
  /** A document was sent to the server (opened or edited), so results for it are on their way. */
  onDocumentSent(uri: vscode.Uri): void;
  /** The server published diagnostics for a document. */
  onDiagnostics(uri: vscode.Uri): void;
}

/**
 * The server declares `synor.fixAll`, `synor.scanWorkspace` and `synor.measureFunction`, which
 * are also the ids of this extension's own commands (they add the active editor's arguments and
 * show the result). vscode-languageclient would register every server command as a VS Code
 * command and fail on the clash, so this client leaves that feature out and sends
 * `workspace/executeCommand` itself; server commands the extension does not define are
 * registered as plain proxies after start (see `registerServerCommands`).
 */
class SynorLanguageClient extends LanguageClient {
  override registerFeature(feature: StaticFeature | DynamicFeature<unknown>): void {
    if ((feature as Partial<DynamicFeature<unknown>>).registrationType?.method === ExecuteCommandRequest.method) return;
    super.registerFeature(feature);
  }

  /**
   * vscode-languageclient reports every exit of the server process as an error, a clean one
   * too: after "Restart Server" the log said "[Error] Server process exited with code 0.". The
   * server exits with 0 only after `shutdown` and `exit`, so that line is information.
   */
  override error(message: string, data?: unknown, showNotification?: boolean | 'force'): void {
    if (/^Server process exited with code 0\.$/.test(message)) return this.info(message, data, false);
    super.error(message, data, showNotification);
  }
}

/** Starts, restarts and talks to the bundled language server (server/out/server.js) over IPC. */
export class ServerConnection implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private proxies: vscode.Disposable[] = [];
  private starting: Promise<void> | undefined;
  private state: ServerState = 'stopped';
  private readonly ownCommands: ReadonlySet<string>;
  /** Whether the next start is a restart: the server then analyses every document it is sent by both tiers. */
  private restarting = false;
  /** Handlers of the server's own requests and notifications, installed on every client started. */
  private readonly handlers: Array<(client: LanguageClient) => void> = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Log,
    private readonly hooks: ConnectionHooks,
    ownCommands: Iterable<string>,
  ) {
    this.ownCommands = new Set(ownCommands);
  }

  get serverModule(): string {
    return this.context.asAbsolutePath('server/out/server.js');
  }

  get currentState(): ServerState {
    return this.state;
  }

  /** Resolves once the server answered `initialize`; rejects with the reason it could not start. */
  start(): Promise<void> {
    this.starting ??= this.doStart().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  async restart(): Promise<void> {
    this.log.info('restarting the language server');
    await this.stop();
    this.restarting = true;
    try {
      await this.start();
    } finally {
      this.restarting = false;
    }
    // The new server knows nothing of the editor in front: its analyses go first.
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId === 'solidity') this.notify('synor/activeDocument', { uri: editor.document.uri.toString() });
  }

  async stop(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    this.disposeProxies();
    if (!c) return;
    try {
      if (c.needsStop()) await c.stop(5000);
    } catch (err) {
      this.log.warn(`the server did not stop cleanly: ${describe(err)}`);
    }
    this.setState('stopped');
  }

  /** Sends `workspace/executeCommand` and returns the server's answer. */
  async execute<T>(command: string, ...args: unknown[]): Promise<T> {
    if (this.starting) await this.starting.catch(() => undefined);
    const c = this.client;
    if (!c || !c.isRunning()) throw new Error(`the Synor language server is not running (${this.state}); see the "Synor" output channel`);
    const t0 = Date.now();
    const result = (await c.sendRequest(ExecuteCommandRequest.type, { command, arguments: args })) as T;
    this.log.debug(`${command} answered in ${Date.now() - t0} ms`);
    return result;
  }

  /** Sends one of Synor's own requests (e.g. `synor/findings`) and returns the server's answer. */
  async request<T>(method: string, params?: unknown): Promise<T> {
    if (this.starting) await this.starting.catch(() => undefined);
    const c = this.client;
    if (!c || !c.isRunning()) throw new Error(`the Synor language server is not running (${this.state})`);
    return (await c.sendRequest(method, params)) as T;
  }

  /** Sends a notification when the server is running; dropped otherwise (it is only advice). */
  notify(method: string, params: unknown): void {
    if (this.client?.isRunning()) void this.client.sendNotification(method, params).catch(() => undefined);
  }

  /** Installs handlers of the server's requests or notifications (e.g. `synor/team/token`) now and after every restart. */
  handle(install: (client: LanguageClient) => void): void {
    this.handlers.push(install);
    if (this.client) install(this.client);
  }

  dispose(): void {
    void this.stop();
  }

  private setState(state: ServerState, detail?: string): void {
    this.state = state;
    this.hooks.onState(state, detail);
  }

  private async doStart(): Promise<void> {
    const module = this.serverModule;
    if (!fs.existsSync(module)) {
      const detail = `the language server is missing (${module}); run "npm run build" in the extension's folder`;
      this.log.error(detail);
      this.setState('failed', detail);
      throw new Error(detail);
    }
    this.setState('starting');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
    };
    const hooks = this.hooks;
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'solidity' },
        { scheme: 'untitled', language: 'solidity' },
      ],
      outputChannel: this.log.channel,
      traceOutputChannel: this.log.channel,
      // The output channel is there for bug reports; popping it open would steal focus while typing.
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      // confirmUnsafeFixes: unsafe fixes come as synor.applyUnsafeFix commands (a modal that says why), not as edits for the Refactor Preview.
      // restarted: the server analyses every document opened again by both tiers (compiler findings and gas included).
      initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted, confirmUnsafeFixes: true, ...(this.restarting ? { restarted: true } : {}) },
      middleware: {
        didOpen: (document, next) => {
          hooks.onDocumentSent(document.uri);
          return next(document);
        },
        didChange: (event, next) => {
          if (event.contentChanges.length > 0) hooks.onDocumentSent(event.document.uri);
          return next(event);
        },
        // The hover's "Documentation for <rule>" link: the rendered page too.
        provideHover: async (document, position, token, next) => {
          const hover = await next(document, position, token);
          if (!hover) return hover;
          hover.contents = hover.contents.map((c) => (c instanceof vscode.MarkdownString ? docsLinksToCommands(c) : c));
          return hover;
        },
        handleDiagnostics: (uri, diagnostics, next) => {
          // The rule link in Problems and in hovers opens the rendered documentation page rather
          // than the shipped Markdown source as an editable file (links there may run commands).
          for (const d of diagnostics) {
            if (d.source === 'synor' && typeof d.code === 'object' && d.code && /\/docs\/rules\/[a-z0-9-]+\.md$/.test(d.code.target.path)) {
              d.code = { value: d.code.value, target: vscode.Uri.parse(docsCommand(String(d.code.value))) };
            }
          }
          next(uri, diagnostics);
          hooks.onDiagnostics(uri);
        },
      },
      initializationFailedHandler: (error) => {
        this.log.error('the language server failed to initialise', error);
        return false;
      },
    };
    const client = new SynorLanguageClient('synor', 'Synor', serverOptions, clientOptions);
    this.client = client;
    for (const install of this.handlers) install(client);
    client.onDidChangeState((e) => {
      if (this.client !== client) return;
      if (e.newState === State.Running) this.setState('running');
      else if (e.newState === State.Starting) this.setState('starting');
      else if (e.newState === State.Stopped && this.state === 'running') {
        this.setState('failed', 'the language server stopped; run "Synor: Restart Server"');
      }
    });
    const t0 = Date.now();
    try {
      await client.start();
    } catch (err) {
      this.log.error('the language server could not start', err);
      if (this.client === client) {
        this.client = undefined;
        this.setState('failed', `the language server could not start: ${err instanceof Error ? err.message : String(err)}`);
      }
      throw err;
    }
    const info = client.initializeResult?.serverInfo;
    this.log.info(`language server ${info?.name ?? 'synor'} ${info?.version ?? ''} running over IPC (started in ${Date.now() - t0} ms, trusted workspace: ${vscode.workspace.isTrusted})`);
    this.registerServerCommands(client);
    this.setState('running');
  }

  /** Proxies for the server's commands that this extension does not wrap itself (e.g. code actions' `synor.showDocumentation`). */
  private registerServerCommands(client: LanguageClient): void {
    this.disposeProxies();
    const declared = client.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
    for (const command of declared) {
      if (this.ownCommands.has(command)) continue;
      try {
        this.proxies.push(vscode.commands.registerCommand(command, (...args: unknown[]) => this.execute(command, ...args)));
      } catch (err) {
        this.log.warn(`could not register the server command ${command}: ${describe(err)}`);
      }
    }
  }

  private disposeProxies(): void {
    for (const d of this.proxies) d.dispose();
    this.proxies = [];
  }
}

/** A `command:` link that opens a rule's page rendered (the extension's synor.showDocumentation). */
function docsCommand(ruleId: string): string {
  return `command:synor.showDocumentation?${encodeURIComponent(JSON.stringify([ruleId]))}`;
}

/** Rewrites links to the shipped docs/rules/<id>.md pages into commands that open them rendered. */
function docsLinksToCommands(md: vscode.MarkdownString): vscode.MarkdownString {
  let changed = false;
  const value = md.value.replace(/\]\((file:[^)\s]*\/docs\/rules\/([a-z0-9-]+)\.md)\)/g, (_all, _href, id: string) => {
    changed = true;
    return `](${docsCommand(id)})`;
  });
  if (!changed) return md;
  const out = new vscode.MarkdownString(value, md.supportThemeIcons);
  out.supportHtml = md.supportHtml;
  out.baseUri = md.baseUri;
  // Only this one command may run from the hover's links.
  out.isTrusted = { enabledCommands: ['synor.showDocumentation'] };
  return out;
}
