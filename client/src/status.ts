import * as vscode from 'vscode';
import type { ServerState } from './connection';

/** How long "analysing" may show without an answer before the counts come back (an excluded file gets none). */
const ANALYSING_TIMEOUT_MS = 15_000;

export interface Counts {
  high: number;
  medium: number;
  low: number;
  info: number;
}

/**
 * Synor's diagnostics on a document, read back from VS Code severities (high → Error,
 * medium → Warning, low, gas and info → Information or Hint, triaged → Hint). Only a
 * fallback until the findings view's answer (`StatusBar.countsSource`) covers the document,
 * since that mapping cannot tell low from info nor a triaged finding from an info one.
 */
export function countDiagnostics(uri: vscode.Uri): Counts {
  const counts: Counts = { high: 0, medium: 0, low: 0, info: 0 };
  for (const d of vscode.languages.getDiagnostics(uri)) {
    if (d.source !== 'synor') continue;
    if (d.severity === vscode.DiagnosticSeverity.Error) counts.high++;
    else if (d.severity === vscode.DiagnosticSeverity.Warning) counts.medium++;
    else if (d.severity === vscode.DiagnosticSeverity.Information) counts.low++;
    else counts.info++;
  }
  return counts;
}

/** Counts of a file by Synor severity, untriaged, with the number of triaged findings apart. */
export type CountsSource = (uri: vscode.Uri) => (Counts & { triaged: number }) | undefined;

/** The status bar item: server state, "analysing", or the active file's counts by severity. */
export class StatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private server: ServerState = 'starting';
  private detail: string | undefined;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  /**
   * The findings view's answer from the server, by Synor severity (gas findings under their own
   * severity, triaged ones apart), so that the counts agree with the view and the report; the
   * diagnostics are read back only until it has answered.
   */
  countsSource: CountsSource | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem('synor.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Synor';
    this.update();
  }

  setServerState(state: ServerState, detail?: string): void {
    this.server = state;
    this.detail = detail;
    if (state !== 'running') this.clearPending();
    this.update();
  }

  /** A document went to the server; show "analysing" until its diagnostics come back. */
  analysing(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        this.update();
      }, ANALYSING_TIMEOUT_MS),
    );
    this.update();
  }

  analysed(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    this.update();
  }

  /** The text shown now; the extension-host tests read it through the extension's API. */
  get text(): string {
    return this.item.text;
  }

  update(): void {
    const item = this.item;
    const editor = vscode.window.activeTextEditor;
    const doc = editor?.document.languageId === 'solidity' ? editor.document : undefined;
    item.backgroundColor = undefined;
    if (this.server === 'failed' || (this.server === 'stopped' && this.detail)) {
      item.text = '$(error) Synor';
      item.tooltip = `Synor: ${this.detail ?? 'the language server is not running'}. Click to show the log.`;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      item.command = 'synor.showOutput';
      item.show();
      return;
    }
    if (!doc) {
      item.hide();
      return;
    }
    item.command = { title: 'Show Contract Report', command: 'synor.showReport' };
    const name = vscode.workspace.asRelativePath(doc.uri, false);
    if (this.server === 'starting') {
      item.text = '$(loading~spin) Synor';
      item.tooltip = 'Synor: starting the language server…';
    } else if (this.pending.has(doc.uri.toString())) {
      item.text = '$(sync~spin) Synor';
      item.tooltip = `Synor: analysing ${name}…`;
    } else {
      const known = this.countsSource?.(doc.uri);
      const c = known ?? countDiagnostics(doc.uri);
      const parts: string[] = [];
      if (c.high) parts.push(`$(error) ${c.high}`);
      if (c.medium) parts.push(`$(warning) ${c.medium}`);
      if (c.low) parts.push(`$(info) ${c.low}`);
      if (c.info) parts.push(`$(lightbulb) ${c.info}`);
      item.text = parts.length > 0 ? `$(shield) ${parts.join(' ')}` : '$(shield) $(check)';
      const tooltip = new vscode.MarkdownString(
        known
          ? `**Synor** — ${name}\n\n${c.high} high · ${c.medium} medium · ${c.low} low · ${c.info} info${known.triaged > 0 ? `\n\n${known.triaged} triaged (not counted)` : ''}\n\nClick to open the contract report.`
          : `**Synor** — ${name}\n\n${c.high} high · ${c.medium} medium · ${c.low} low and gas · ${c.info} info\n\nClick to open the contract report.`,
      );
      item.tooltip = tooltip;
    }
    item.show();
  }

  dispose(): void {
    this.clearPending();
    this.item.dispose();
  }

  private clearPending(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }
}
