import * as vscode from 'vscode';
import type { ServerConnection } from './connection';
import type { Log } from './log';

/** One finding as the server's `synor/findings` request returns it (server/src/handlers/findings.ts). */
export interface FindingEntry {
  uri: string;
  ruleId: string;
  title: string;
  category: string;
  severity: Severity;
  confidence: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  fingerprint?: string;
  /** `source`: `team` when the decision is the team's, from the Synor service (server/src/team.ts). */
  triage?: { state: string; reason: string; author?: string; date?: string; source?: 'local' | 'team' };
  fixes: number;
}

export interface FindingsResult {
  files: Array<{ uri: string; version: number | null; findings: FindingEntry[] }>;
  bySeverity: Record<Severity, number>;
  triaged: number;
}

export type Severity = 'high' | 'medium' | 'low' | 'info';
export type GroupBy = 'file' | 'severity' | 'rule';
/** Triaged findings: left out (as in Problems), listed with the others, or listed alone. */
export type TriagedFilter = 'hide' | 'show' | 'only';

export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low', 'info'];
const SEVERITY_ICON: Record<Severity, string> = { high: 'error', medium: 'warning', low: 'info', info: 'lightbulb' };
const SEVERITY_COLOR: Record<Severity, string> = { high: 'problemsErrorIcon.foreground', medium: 'problemsWarningIcon.foreground', low: 'problemsInfoIcon.foreground', info: 'problemsInfoIcon.foreground' };
const TRIAGE_LABEL: Record<string, string> = { 'false-positive': 'false positive', 'accepted-risk': 'accepted risk', 'wont-fix': "won't fix", confirmed: 'confirmed' };

/** Diagnostics arrive in bursts (a scan publishes file after file); fetch once they settle. */
const REFRESH_DELAY_MS = 300;

type Node = { kind: 'group'; key: string; label: string; findings: FindingEntry[] } | { kind: 'finding'; entry: FindingEntry };

/** The filters and grouping of the view, kept per workspace. */
export interface FindingsViewState {
  groupBy: GroupBy;
  severities: Severity[];
  /** Rule ids to show; empty: every rule. */
  rules: string[];
  triaged: TriagedFilter;
}

const DEFAULT_STATE: FindingsViewState = { groupBy: 'file', severities: [...SEVERITIES], rules: [], triaged: 'hide' };

/**
 * The "Synor: Findings" tree: every finding of the open and scanned files, from the server's
 * `synor/findings` (which lists triaged findings too, with the decision, even when
 * `synor.triagedFindings` hides them from Problems), grouped by file, severity or rule, with
 * filters by severity, rule and triage.
 */
export class FindingsView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly tree: vscode.TreeView<Node>;
  private result: FindingsResult | undefined;
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly refreshed = new vscode.EventEmitter<void>();
  /** Fires after every fetch (the status bar counts from the same answer). */
  readonly onDidRefresh = this.refreshed.event;
  state: FindingsViewState;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly server: ServerConnection,
    private readonly log: Log,
  ) {
    this.state = { ...DEFAULT_STATE, ...context.workspaceState.get<Partial<FindingsViewState>>('synor.findings.state') };
    this.tree = vscode.window.createTreeView('synor.findings', { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.tree,
      this.changed,
      this.refreshed,
      vscode.languages.onDidChangeDiagnostics(() => this.scheduleRefresh()),
      this.tree.onDidChangeVisibility((e) => {
        if (e.visible) this.scheduleRefresh(0);
      }),
    );
    this.applyState();
  }

  /** The last answer of the server (the status bar counts the active file from it). */
  get findings(): FindingsResult | undefined {
    return this.result;
  }

  /**
   * Fetches the findings again, soon; calls in a burst make one request. A fetch already
   * planned is kept (not pushed back), so that a long scan still updates the view as it goes.
   */
  scheduleRefresh(delay = REFRESH_DELAY_MS): void {
    if (this.timer && delay > 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delay);
  }

  async refresh(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const generation = ++this.generation;
    let result: FindingsResult | undefined;
    try {
      result = await this.server.request<FindingsResult>('synor/findings', {});
    } catch (err) {
      this.log.debug(`synor/findings failed: ${String(err)}`);
      return;
    }
    if (generation !== this.generation) return;
    this.result = result;
    this.applyState();
    this.refreshed.fire();
  }

  async setState(patch: Partial<FindingsViewState>): Promise<void> {
    this.state = { ...this.state, ...patch };
    await this.context.workspaceState.update('synor.findings.state', this.state);
    this.applyState();
  }

  /** What the view shows now, as plain data (the extension-host tests read it). */
  snapshot(): { groups: Array<{ label: string; description: string; findings: string[] }>; description: string | undefined; message: string | undefined } {
    return {
      groups: this.groups().map((g) => ({ label: g.label, description: this.groupDescription(g), findings: g.findings.map((f) => `${f.ruleId}:${f.range.start.line + 1}${f.triage ? ` [${f.triage.state}${f.triage.source === 'team' ? ` · team: ${f.triage.author ?? '?'}` : ''}]` : ''}`) })),
      description: this.tree.description,
      message: this.tree.message,
    };
  }

  /** Every finding that passes the filters. */
  visible(): FindingEntry[] {
    const s = this.state;
    const sev = new Set(s.severities);
    const rules = new Set(s.rules);
    return (this.result?.files ?? []).flatMap((f) =>
      f.findings.filter((x) => sev.has(x.severity) && (rules.size === 0 || rules.has(x.ruleId)) && (s.triaged === 'show' || (s.triaged === 'only') === !!x.triage)),
    );
  }

  /** Every rule id the server reported, for the rule filter. */
  ruleIds(): string[] {
    return [...new Set((this.result?.files ?? []).flatMap((f) => f.findings.map((x) => x.ruleId)))].sort();
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${this.state.groupBy}:${node.key}`;
      item.description = this.groupDescription(node);
      item.contextValue = `synor.group.${this.state.groupBy}`;
      if (this.state.groupBy === 'file') {
        item.resourceUri = vscode.Uri.parse(node.key);
        item.iconPath = vscode.ThemeIcon.File;
      } else if (this.state.groupBy === 'severity') {
        item.iconPath = new vscode.ThemeIcon(SEVERITY_ICON[node.key as Severity], new vscode.ThemeColor(SEVERITY_COLOR[node.key as Severity]));
      } else {
        item.iconPath = new vscode.ThemeIcon('law');
        item.tooltip = node.findings[0]?.title;
      }
      return item;
    }
    const f = node.entry;
    const uri = vscode.Uri.parse(f.uri);
    const item = new vscode.TreeItem(f.message, vscode.TreeItemCollapsibleState.None);
    item.id = `finding:${this.state.groupBy}:${f.uri}:${f.fingerprint ?? ''}:${f.ruleId}:${f.range.start.line}:${f.range.start.character}`;
    const where = this.state.groupBy === 'file' ? `line ${f.range.start.line + 1}` : `${vscode.workspace.asRelativePath(uri, false)}:${f.range.start.line + 1}`;
    const rule = this.state.groupBy === 'rule' ? '' : `${f.ruleId} · `;
    const team = f.triage?.source === 'team';
    item.description = `${f.triage ? `${TRIAGE_LABEL[f.triage.state] ?? f.triage.state}${team ? ` by ${f.triage.author || 'the team'} (team)` : ''} · ` : ''}${rule}${where}`;
    item.iconPath = f.triage ? new vscode.ThemeIcon(team ? 'organization' : 'eye-closed') : new vscode.ThemeIcon(SEVERITY_ICON[f.severity], new vscode.ThemeColor(SEVERITY_COLOR[f.severity]));
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(`**${escape(f.title)}** — \`${f.ruleId}\`\n\n${escape(f.message)}\n\n`);
    tip.appendMarkdown(`Severity **${f.severity}** · ${f.category} · confidence ${f.confidence}${f.fixes > 0 ? ` · ${f.fixes} fix${f.fixes === 1 ? '' : 'es'}` : ''}\n\n`);
    tip.appendMarkdown(`${escape(vscode.workspace.asRelativePath(uri, false))}, line ${f.range.start.line + 1}`);
    if (f.triage) {
      // A date and time (the service's, or a decision made with a team) read as a minute, UTC.
      const when = f.triage.date?.replace(/^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}).*$/, '$1 $2 UTC');
      const by = [f.triage.author, when].filter(Boolean).join(', ');
      tip.appendMarkdown(`\n\n---\n\n${team ? 'Triaged by the team (Synor service)' : 'Triaged'} as **${TRIAGE_LABEL[f.triage.state] ?? f.triage.state}**${by ? ` (${escape(by)})` : ''}: ${escape(f.triage.reason)}`);
    }
    item.tooltip = tip;
    item.contextValue = f.triage ? 'synor.finding.triaged' : 'synor.finding';
    item.command = { title: 'Go to Finding', command: 'synor.revealFinding', arguments: [f] };
    return item;
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.groups();
    if (node.kind === 'group') return node.findings.map((entry) => ({ kind: 'finding', entry }));
    return [];
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }

  private groups(): Array<Extract<Node, { kind: 'group' }>> {
    const by = this.state.groupBy;
    const map = new Map<string, FindingEntry[]>();
    for (const f of this.visible()) {
      const key = by === 'file' ? f.uri : by === 'severity' ? f.severity : f.ruleId;
      let list = map.get(key);
      if (!list) map.set(key, (list = []));
      list.push(f);
    }
    const order = (key: string) => (by === 'severity' ? String(SEVERITIES.indexOf(key as Severity)) : by === 'file' ? vscode.workspace.asRelativePath(vscode.Uri.parse(key), false) : key);
    return [...map.entries()]
      .sort((a, b) => order(a[0]).localeCompare(order(b[0])))
      .map(([key, findings]) => ({
        kind: 'group' as const,
        key,
        label: by === 'file' ? vscode.workspace.asRelativePath(vscode.Uri.parse(key), false) : key,
        findings: findings.sort((a, b) => a.uri.localeCompare(b.uri) || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.range.start.line - b.range.start.line),
      }));
  }

  private groupDescription(g: { findings: FindingEntry[] }): string {
    const triaged = g.findings.filter((f) => f.triage).length;
    const open = g.findings.length - triaged;
    return [open > 0 ? `${open}` : '', triaged > 0 ? `${triaged} triaged` : ''].filter(Boolean).join(' · ');
  }

  /** Context keys for the title bar's toggles, the view's description (active filters) and its empty message. */
  private applyState(): void {
    const s = this.state;
    void vscode.commands.executeCommand('setContext', 'synor.findings.groupBy', s.groupBy);
    void vscode.commands.executeCommand('setContext', 'synor.findings.filtered', s.severities.length < SEVERITIES.length || s.rules.length > 0 || s.triaged !== 'hide');
    const filters: string[] = [];
    if (s.severities.length < SEVERITIES.length) filters.push(s.severities.join(', ') || 'no severity');
    if (s.rules.length > 0) filters.push(s.rules.length === 1 ? s.rules[0] : `${s.rules.length} rules`);
    if (s.triaged === 'show') filters.push('with triaged');
    if (s.triaged === 'only') filters.push('triaged only');
    this.tree.description = [`by ${s.groupBy}`, ...filters].join(' · ');
    const shown = this.visible().length;
    const total = (this.result?.files ?? []).reduce((n, f) => n + f.findings.length, 0);
    const triaged = this.result?.triaged ?? 0;
    if (!this.result) this.tree.message = 'Open a Solidity file or run "Synor: Scan Workspace" to list findings.';
    else if (total === 0) this.tree.message = 'No findings in the open and scanned files. Run "Synor: Scan Workspace" to analyse every file.';
    else if (shown === 0) this.tree.message = `No finding matches the filters (${total} in all${triaged > 0 ? `, ${triaged} triaged` : ''}).`;
    else if (s.triaged === 'hide' && triaged > 0) this.tree.message = `${triaged} triaged finding${triaged === 1 ? '' : 's'} hidden; "Filter Triaged Findings" shows them.`;
    else this.tree.message = undefined;
    this.tree.badge = this.result ? { value: this.result.files.reduce((n, f) => n + f.findings.filter((x) => !x.triage).length, 0), tooltip: 'Synor findings (triaged ones not counted)' } : undefined;
    this.changed.fire(undefined);
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}

/** The findings view's commands; the ids match package.json's `contributes.commands`. */
export const FINDINGS_COMMAND_IDS = [
  'synor.findings.groupByFile',
  'synor.findings.groupBySeverity',
  'synor.findings.groupByRule',
  'synor.findings.filterSeverity',
  'synor.findings.filterRule',
  'synor.findings.filterTriaged',
  'synor.findings.clearFilters',
  'synor.findings.refresh',
  'synor.revealFinding',
  'synor.findings.markFalsePositive',
  'synor.findings.acceptRisk',
  'synor.findings.showDocumentation',
] as const;

/** The findings view's commands: grouping, filters, go to a finding, triage and documentation from its context menu. */
export function registerFindingsCommands(context: vscode.ExtensionContext, view: FindingsView, log: Log): void {
  const register = (id: (typeof FINDINGS_COMMAND_IDS)[number], fn: (...args: unknown[]) => unknown) =>
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await fn(...args);
        } catch (err) {
          log.error(`${id} failed`, err);
          void vscode.window.showErrorMessage(`Synor: ${err instanceof Error ? err.message : String(err)}`);
          return undefined;
        }
      }),
    );
  const entryOf = (arg: unknown): FindingEntry | undefined => {
    const n = arg as Node | FindingEntry | undefined;
    if (!n) return undefined;
    if ('kind' in n && n.kind === 'finding') return n.entry;
    return 'ruleId' in n && 'uri' in n ? (n as FindingEntry) : undefined;
  };

  register('synor.findings.groupByFile', () => view.setState({ groupBy: 'file' }));
  register('synor.findings.groupBySeverity', () => view.setState({ groupBy: 'severity' }));
  register('synor.findings.groupByRule', () => view.setState({ groupBy: 'rule' }));
  register('synor.findings.refresh', () => view.refresh());
  register('synor.findings.clearFilters', () => view.setState({ severities: [...SEVERITIES], rules: [], triaged: 'hide' }));

  // Each filter takes its value as an argument (for keybindings and tests) or asks for it.
  register('synor.findings.filterSeverity', async (arg) => {
    let picked = Array.isArray(arg) ? (arg.filter((s) => SEVERITIES.includes(s as Severity)) as Severity[]) : undefined;
    if (!picked) {
      const counts = view.findings?.bySeverity;
      const items = SEVERITIES.map((s) => ({ label: s, description: counts ? `${counts[s]} untriaged` : undefined, picked: view.state.severities.includes(s) }));
      const r = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Synor: show findings of these severities' });
      if (!r) return;
      picked = r.map((x) => x.label);
    }
    await view.setState({ severities: picked });
  });
  register('synor.findings.filterRule', async (arg) => {
    let picked = Array.isArray(arg) ? arg.map(String) : typeof arg === 'string' ? [arg] : undefined;
    if (!picked) {
      const all = view.ruleIds();
      if (all.length === 0) return void vscode.window.showInformationMessage('Synor: no findings to filter yet.');
      const r = await vscode.window.showQuickPick(
        all.map((id) => ({ label: id, picked: view.state.rules.length === 0 || view.state.rules.includes(id) })),
        { canPickMany: true, title: 'Synor: show findings of these rules (all ticked: every rule)' },
      );
      if (!r) return;
      picked = r.length === all.length ? [] : r.map((x) => x.label);
    }
    await view.setState({ rules: picked });
  });
  register('synor.findings.filterTriaged', async (arg) => {
    let mode = arg === 'hide' || arg === 'show' || arg === 'only' ? (arg as TriagedFilter) : undefined;
    if (!mode) {
      const items: Array<vscode.QuickPickItem & { mode: TriagedFilter }> = [
        { mode: 'hide', label: 'Hide triaged findings', description: 'as the Problems panel and the CLI do' },
        { mode: 'show', label: 'Show triaged findings', description: 'with the decision and its reason' },
        { mode: 'only', label: 'Only triaged findings', description: 'review what the team decided' },
      ];
      const r = await vscode.window.showQuickPick(
        items.map((i) => ({ ...i, picked: i.mode === view.state.triaged, label: i.mode === view.state.triaged ? `$(check) ${i.label}` : i.label })),
        { title: `Synor: triaged findings (${view.findings?.triaged ?? 0} in .synor/triage.json)` },
      );
      if (!r) return;
      mode = r.mode;
    }
    await view.setState({ triaged: mode });
  });

  register('synor.revealFinding', async (arg) => {
    const f = entryOf(arg);
    if (!f) return;
    const r = f.range;
    const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(f.uri));
    const editor = await vscode.window.showTextDocument(doc, { selection: range, preview: true });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  });
  const triage = (state: 'false-positive' | 'accepted-risk') => async (arg: unknown) => {
    const f = entryOf(arg);
    if (!f?.fingerprint) return void vscode.window.showInformationMessage('Synor: this finding has no fingerprint and cannot be triaged.');
    const r = await vscode.commands.executeCommand('synor.triageFinding', { uri: f.uri, fingerprint: f.fingerprint, state, ruleId: f.ruleId, message: f.message });
    view.scheduleRefresh(0);
    return r;
  };
  register('synor.findings.markFalsePositive', triage('false-positive'));
  register('synor.findings.acceptRisk', triage('accepted-risk'));
  register('synor.findings.showDocumentation', async (arg) => {
    const f = entryOf(arg);
    const ruleId = f?.ruleId ?? ((arg as Node | undefined)?.kind === 'group' && view.state.groupBy === 'rule' ? (arg as { key: string }).key : undefined);
    if (ruleId) await vscode.commands.executeCommand('synor.showDocumentation', ruleId);
  });
}
