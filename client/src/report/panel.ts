import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { describe, type Log } from '../log';
import { exportReport, EXPORT_FORMATS, type ExportFormat } from './export';
import { toViewModel, type RawReport, type Range } from './model';
import type { ReportTarget } from '../commands';
import { renderMessageBody, renderPage, renderReportBody } from './render';

/** What the panel needs from the rest of the extension. */
export interface ReportSource {
  fetch(uri: vscode.Uri): Promise<RawReport>;
  showDocumentation(ruleId: string): Promise<void>;
}

/** Messages the page's script sends; anything else is ignored. */
type PageMessage =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'reveal'; finding: number }
  | { type: 'apply'; finding: number; fix: number }
  | { type: 'docs'; rule: string }
  | { type: 'export'; format: string };

/** Diagnostics change in bursts while typing; refresh once they settle. */
const REFRESH_DELAY_MS = 600;

/** The "Synor Report" webview: one panel, following the file it was opened for. */
export class ReportPanel implements vscode.Disposable {
  static readonly viewType = 'synor.report';
  private static current: ReportPanel | undefined;

  private uri: vscode.Uri;
  private raw: RawReport | undefined;
  private html = '';
  private lastTitle = '';
  private lastBody = '';
  private generation = 0;
  private refreshTimer: NodeJS.Timeout | undefined;
  private stale = false;
  private readonly disposables: vscode.Disposable[] = [];
  /** Where to scroll once the report is on the page (a gas lens was clicked). */
  private target: ReportTarget | undefined;
  /** The last place scrolled to, for the extension-host tests. */
  scrolledTo: ReportTarget | undefined;

  /** Opens the panel for `uri`, or points the open one at it; `target` scrolls to a contract's (or function's) gas. */
  static show(context: vscode.ExtensionContext, source: ReportSource, log: Log, uri: vscode.Uri, target?: ReportTarget): ReportPanel {
    const existing = ReportPanel.current;
    if (existing) {
      existing.panel.reveal(undefined, true);
      if (existing.uri.toString() !== uri.toString()) existing.uri = uri;
      existing.target = target?.contract ? target : undefined;
      void existing.refresh();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      ReportPanel.viewType,
      'Synor Report',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, enableCommandUris: false, enableFindWidget: true, localResourceRoots: [] },
    );
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'docs', 'images', 'icon.png');
    ReportPanel.current = new ReportPanel(panel, source, log, uri);
    ReportPanel.current.target = target?.contract ? target : undefined;
    void ReportPanel.current.refresh();
    return ReportPanel.current;
  }

  /** The open panel, if any (the extension-host tests read its state). */
  static get active(): ReportPanel | undefined {
    return ReportPanel.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly source: ReportSource,
    private readonly log: Log,
    uri: vscode.Uri,
  ) {
    this.uri = uri;
    this.setBody('Synor report', renderMessageBody('Preparing the report…', vscode.workspace.asRelativePath(uri, false), true));
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: PageMessage) => void this.onMessage(m)),
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.stale) void this.refresh();
      }),
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === this.uri.toString())) this.scheduleRefresh();
      }),
    );
  }

  get documentUri(): vscode.Uri {
    return this.uri;
  }

  /** The page last rendered, and the report it was rendered from. */
  get state(): { html: string; report: RawReport | undefined; uri: string } {
    return { html: this.html, report: this.raw, uri: this.uri.toString() };
  }

  /** Asks the server for the report and renders it. Older answers never replace newer ones. */
  async refresh(): Promise<void> {
    clearTimeout(this.refreshTimer);
    if (!this.panel.visible && this.raw) {
      this.stale = true;
      return;
    }
    this.stale = false;
    const generation = ++this.generation;
    const uri = this.uri;
    const name = vscode.workspace.asRelativePath(uri, false);
    let raw: RawReport;
    try {
      raw = await this.source.fetch(uri);
    } catch (err) {
      this.log.error(`the report for ${name} failed`, err);
      raw = { uri: uri.toString(), error: `The report could not be made: ${err instanceof Error ? err.message : String(err)}` };
    }
    if (generation !== this.generation) return;
    this.raw = raw;
    this.panel.title = `Synor Report: ${name.split('/').pop()}`;
    this.setBody(`Synor report: ${name}`, renderReportBody(toViewModel(raw, name)));
    this.scrollToTarget();
    // The server answers before the deep tier is done when compiling takes long; come back for the gas.
    if (raw.deep?.status === 'pending') this.scheduleRefresh(3000);
  }

  dispose(): void {
    if (ReportPanel.current === this) ReportPanel.current = undefined;
    clearTimeout(this.refreshTimer);
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
    this.panel.dispose();
  }

  private scheduleRefresh(delay = REFRESH_DELAY_MS): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), delay);
  }

  private setBody(title: string, body: string): void {
    // Setting the html reloads the page (and loses a click in flight); skip it when nothing changed.
    if (title === this.lastTitle && body === this.lastBody) return;
    this.lastTitle = title;
    this.lastBody = body;
    const nonce = randomBytes(16).toString('base64');
    this.html = renderPage({ cspSource: this.panel.webview.cspSource, nonce, title, body });
    this.panel.webview.html = this.html;
  }

  /** Scrolls the page to the target, once there is gas to show for it (the page may still be loading: 'ready' asks again). */
  private scrollToTarget(): void {
    const t = this.target;
    if (!t?.contract || !this.raw) return;
    const contracts = this.raw.contracts ?? [];
    if (!contracts.some((c) => c.name === t.contract)) return;
    void this.panel.webview.postMessage({ type: 'scrollTo', contract: t.contract, function: t.function });
    this.scrolledTo = t;
  }

  private async onMessage(m: PageMessage): Promise<void> {
    try {
      switch (m.type) {
        case 'ready':
          this.scrollToTarget();
          break;
        case 'refresh':
          await this.refresh();
          break;
        case 'reveal':
          await this.reveal(m.finding);
          break;
        case 'apply':
          await this.apply(m.finding, m.fix);
          break;
        case 'docs':
          await this.source.showDocumentation(String(m.rule));
          break;
        case 'export':
          await this.export(m.format);
          break;
        default:
          break;
      }
    } catch (err) {
      this.log.error(`report action ${m.type} failed`, err);
      void vscode.window.showErrorMessage(`Synor: ${err instanceof Error ? err.message : describe(err)}`);
    }
  }

  private findings() {
    return this.raw?.report?.findings ?? this.raw?.findings ?? [];
  }

  private async reveal(index: number): Promise<void> {
    const f = this.findings()[index];
    if (!f?.range) return;
    const doc = await vscode.workspace.openTextDocument(this.uri);
    const range = toRange(f.range);
    const column = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.uri.toString())?.viewColumn ?? vscode.ViewColumn.One;
    await vscode.window.showTextDocument(doc, { viewColumn: column, selection: range, preserveFocus: false });
  }

  /** Applies one fix, refusing when the file changed since the report was made (the edits would land in the wrong place). */
  private async apply(index: number, fixIndex: number): Promise<void> {
    const f = this.findings()[index];
    const fix = f?.fixes?.[fixIndex];
    if (!fix?.edits?.length) return;
    const doc = await vscode.workspace.openTextDocument(this.uri);
    if (typeof this.raw?.version === 'number' && doc.version !== this.raw.version) {
      void vscode.window.showWarningMessage('Synor: the file changed since this report was made; refreshing it. Apply the fix again from the new report.');
      await this.refresh();
      return;
    }
    // An unsafe fix may change behaviour: like the quick fix, a modal says why before it is applied.
    // (An edit marked as needing confirmation opened the Refactor Preview unticked, where Apply did nothing.)
    if (fix.safety !== 'safe') {
      const detail = `This fix may change what the code does:\n\n• ${fix.reason ?? 'review the change before keeping it'}\n\nReview the change after applying it; Undo (Ctrl+Z) reverts it.`;
      const pick = await vscode.window.showWarningMessage(`Apply "${fix.title ?? 'Synor fix'}"?`, { modal: true, detail }, 'Apply Fix');
      if (pick !== 'Apply Fix') return;
    }
    const edit = new vscode.WorkspaceEdit();
    for (const e of fix.edits) edit.replace(this.uri, toRange(e.range), e.newText);
    const ok = await vscode.workspace.applyEdit(edit);
    if (!ok) throw new Error(`the fix "${fix.title ?? ''}" could not be applied`);
    this.log.info(`applied "${fix.title ?? ''}" (${f.ruleId}) from the report`);
    this.scheduleRefresh();
  }

  private async export(format: string): Promise<void> {
    if (!(format in EXPORT_FORMATS) || !this.raw) return;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.uri.toString());
    const written = await exportReport(this.raw, format as ExportFormat, doc);
    if (written) {
      this.log.info(`report exported to ${written.toString()}`);
      const open = await vscode.window.showInformationMessage(`Synor: report saved to ${vscode.workspace.asRelativePath(written, false)}`, 'Open');
      if (open) await vscode.window.showTextDocument(written);
    }
  }
}

function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}
