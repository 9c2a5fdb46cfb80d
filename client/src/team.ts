/**
 * The team's triage in the editor (docs/service.md, "From the editor"): `synor.server` and
 * `synor.project` name a Synor service and a project; the API key lives in VS Code's
 * SecretStorage ("Synor: Set Service API Key"), stored per server origin, and never leaves this
 * process: the language server gets short-lived tokens for it (`synor/team/token`, teamAuth.ts).
 *
 * Consent: `synor.server` is machine-scoped (user settings only; a workspace's value is never
 * read), so a workspace cannot send the user's key anywhere; a key is only sent to the origin
 * it was entered for. `synor.project` may come from the workspace only once it is trusted.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ServerConnection } from './connection';
import type { Log } from './log';
import { exchangeKey, secretKeyName, type TokenAnswer } from './teamAuth';

/** As server/src/team.ts sends it in `synor/teamStatus`. */
export interface TeamStatus {
  state: 'off' | 'connecting' | 'connected' | 'unreachable' | 'refused';
  server?: string;
  project?: string;
  role?: 'admin' | 'maintainer' | 'viewer';
  readOnly: boolean;
  decisions: number;
  pending: number;
  fetchedAt?: string;
  message?: string;
  retryAt?: string;
  retryInMs?: number;
}

interface TeamSettings {
  server: string;
  project: string;
  refreshSeconds: number;
}

export const TEAM_COMMANDS = ['synor.setServiceApiKey', 'synor.refreshTeamTriage'] as const;

/** The service settings the user consented to: the server from user settings only; the project from the workspace only when it is trusted. */
export function readTeamSettings(): TeamSettings | undefined {
  const config = vscode.workspace.getConfiguration('synor');
  const server = config.inspect<string>('server')?.globalValue?.trim();
  const p = config.inspect<string>('project');
  const project = (vscode.workspace.isTrusted ? config.get<string>('project') : p?.globalValue)?.trim();
  const refresh = config.get<number>('teamRefreshSeconds');
  if (!server || !project) return undefined;
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return undefined;
  }
  // As the server normalises it (server/src/team.ts), so that its token requests match.
  return { server: url.origin + url.pathname.replace(/\/+$/, ''), project, refreshSeconds: typeof refresh === 'number' && refresh >= 10 ? refresh : 60 };
}

export class TeamTriageClient implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('synor.team', vscode.StatusBarAlignment.Left, 49);
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<TeamStatus>();
  /** Fires when the server reports a new state (the findings view fetches again). */
  readonly onDidChange = this.changed.event;
  status: TeamStatus = { state: 'off', readOnly: false, decisions: 0, pending: 0 };
  private sent: string | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly server: ServerConnection,
    private readonly log: Log,
  ) {
    this.item.name = 'Synor Team Triage';
    this.item.command = 'synor.refreshTeamTriage';
    server.handle((client: LanguageClient) => {
      client.onRequest('synor/team/token', (p: { server?: unknown; project?: unknown }) => this.token(p));
      client.onNotification('synor/teamStatus', (s: TeamStatus) => this.setStatus(s));
    });
    this.disposables.push(
      this.item,
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('synor.server') || e.affectsConfiguration('synor.project') || e.affectsConfiguration('synor.teamRefreshSeconds')) this.send();
      }),
      context.secrets.onDidChange((e) => {
        const s = readTeamSettings();
        if (s && e.key === secretKeyName(s.server)) this.send(true);
      }),
      vscode.commands.registerCommand('synor.setServiceApiKey', () => this.setKey()),
      vscode.commands.registerCommand('synor.refreshTeamTriage', () => this.refresh()),
    );
  }

  /** Tells the (re)started server which service to follow; `again` makes it start over (a new key). */
  send(again = false): void {
    const s = readTeamSettings();
    const payload = s ? { server: s.server, project: s.project, refreshSeconds: s.refreshSeconds } : {};
    const text = JSON.stringify(payload);
    if (again || text !== this.sent) {
      if (s || (this.sent && this.sent !== '{}')) this.log.info(s ? `team triage: following project ${s.project} on ${s.server}` : 'team triage: off (synor.server and synor.project not both set)');
      if (again) this.server.notify('synor/team', {});
      this.server.notify('synor/team', payload);
      this.sent = text;
    }
    if (!s) this.setStatus({ state: 'off', readOnly: false, decisions: 0, pending: 0 });
  }

  /** After a server (re)start: it knows nothing of the service yet. */
  serverStarted(): void {
    this.sent = undefined;
    this.send();
  }

  private async token(p: { server?: unknown; project?: unknown }): Promise<TokenAnswer> {
    const s = readTeamSettings();
    // Only for the server and project the user configured, whatever the request names.
    if (!s || p.server !== s.server || p.project !== s.project) return { error: 'refused', message: 'not the configured synor.server and synor.project' };
    const name = secretKeyName(s.server);
    if (!name) return { error: 'refused', message: `synor.server is not an http(s) URL: ${s.server}` };
    const key = await this.context.secrets.get(name);
    return exchangeKey(s.server, key);
  }

  private async setKey(): Promise<void> {
    const s = readTeamSettings();
    const server = vscode.workspace.getConfiguration('synor').inspect<string>('server')?.globalValue?.trim();
    if (!server) {
      void vscode.window.showWarningMessage('Synor: set "synor.server" in your user settings first (the URL of your team\'s Synor service).', 'Open Settings').then((pick) => {
        if (pick) void vscode.commands.executeCommand('workbench.action.openSettings', 'synor.server');
      });
      return;
    }
    const name = secretKeyName(server);
    if (!name) return void vscode.window.showErrorMessage(`Synor: synor.server is not an http(s) URL: ${server}`);
    const u = new URL(server);
    // Over plain http the tokens exchanged for the key (and the key, once) travel unencrypted.
    if (u.protocol === 'http:' && !['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) {
      const go = await vscode.window.showWarningMessage(`Synor: ${u.origin} is plain http: your API key and tokens would cross the network unencrypted. Store the key anyway?`, { modal: true }, 'Store Anyway');
      if (go !== 'Store Anyway') return;
    }
    const key = await vscode.window.showInputBox({
      title: `Synor: API key for ${new URL(server).origin}`,
      prompt: 'A key of the project (maintainer to triage for the team, viewer to read). Kept in VS Code\'s secret storage; leave empty to remove it.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' || /^synor_[^\s_]+_\S+$/.test(v.trim()) ? undefined : 'A Synor API key looks like synor_<prefix>_<secret>.'),
    });
    if (key === undefined) return;
    if (key.trim() === '') {
      await this.context.secrets.delete(name);
      this.log.info(`team triage: the API key for ${new URL(server).origin} was removed`);
    } else {
      await this.context.secrets.store(name, key.trim());
      this.log.info(`team triage: an API key for ${new URL(server).origin} was stored`);
    }
    if (!s) void vscode.window.showInformationMessage('Synor: key stored. Set "synor.project" to the id of your project on the service to see the team\'s triage.');
    this.send(true);
  }

  private async refresh(): Promise<TeamStatus | undefined> {
    if (!readTeamSettings()) {
      void vscode.window.showInformationMessage('Synor: set "synor.server" (user settings) and "synor.project" to follow your team\'s triage.');
      return undefined;
    }
    try {
      const s = await this.server.request<TeamStatus>('synor/team/refresh');
      this.setStatus(s);
      if (s.state !== 'connected') void vscode.window.showWarningMessage(`Synor: ${s.message ?? s.state}`);
      return s;
    } catch (err) {
      this.log.error('team triage refresh failed', err);
      return undefined;
    }
  }

  private setStatus(s: TeamStatus): void {
    this.status = s;
    if (s.state === 'off') this.item.hide();
    else {
      const icon = s.state === 'connected' ? (s.readOnly ? '$(lock)' : '$(organization)') : s.state === 'connecting' ? '$(sync~spin)' : '$(warning)';
      this.item.text = `${icon} Team${s.state === 'connected' ? ` ${s.decisions}` : s.state === 'connecting' ? '' : ' offline'}`;
      const lines = [
        `Synor team triage: project ${s.project ?? '?'} on ${s.server ?? '?'}`,
        s.state === 'connected' ? `${s.decisions} decisions, fetched ${s.fetchedAt ? new Date(s.fetchedAt).toLocaleTimeString() : ''}` : (s.message ?? s.state),
        s.readOnly ? 'Read-only (viewer key): your decisions stay in .synor/triage.json.' : s.role ? `Your decisions are shared with the team (${s.role} key).` : '',
        s.pending > 0 ? `${s.pending} decision(s) waiting to be sent.` : '',
        'Click to fetch again.',
      ];
      this.item.tooltip = lines.filter(Boolean).join('\n');
      this.item.backgroundColor = s.state === 'unreachable' || s.state === 'refused' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      this.item.show();
    }
    this.changed.fire(s);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
