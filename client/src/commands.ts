import * as vscode from 'vscode';
import type { ServerConnection } from './connection';
import type { Log } from './log';
import { formatGas, type FunctionGas, type RawReport } from './report/model';
import { ReportPanel } from './report/panel';

/** The extension's commands; the ids match package.json's `contributes.commands`. */
export const COMMAND_IDS = ['synor.showReport', 'synor.scanWorkspace', 'synor.fixAll', 'synor.measureFunction', 'synor.restartServer', 'synor.showOutput', 'synor.showDocumentation', 'synor.applyUnsafeFix'] as const;

/** The argument of `synor.applyUnsafeFix`, as the server's code action sends it (server/src/handlers/codeActions.ts). */
interface UnsafeFixArgs {
  uri: string;
  version: number | null;
  kind: 'fix' | 'fixRule';
  index?: number;
  fixIndex?: number;
  ruleId?: string;
  title: string;
  reasons: string[];
  finding?: string;
}

/** Where the report opens: a contract and one of its functions (the gas lenses pass it). */
export interface ReportTarget {
  contract?: string;
  function?: string;
}

interface ScanResult {
  files?: number;
  analysed?: number;
  findings?: number;
  bySeverity?: Record<string, number>;
  ms?: number;
  cancelled?: boolean;
  error?: string;
}

interface FixAllResult {
  applied?: boolean;
  fixes?: number;
  reason?: string;
  error?: string;
}

interface MeasureResult {
  status?: 'done' | 'pending' | 'unavailable' | 'not-found';
  reason?: string;
  contract?: string;
  function?: FunctionGas;
  error?: string;
}

/** The Solidity document a command acts on: the argument, else the active editor's. */
function targetDocument(arg: unknown): vscode.TextDocument | undefined {
  const uri = arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.parse(arg) : (arg as { uri?: unknown } | undefined)?.uri;
  if (uri) {
    const u = uri instanceof vscode.Uri ? uri : vscode.Uri.parse(String(uri));
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === u.toString());
  }
  const doc = vscode.window.activeTextEditor?.document;
  if (doc?.languageId === 'solidity') return doc;
  // The report panel has focus when its buttons are used; fall back to the newest visible Solidity editor.
  return vscode.window.visibleTextEditors.map((e) => e.document).find((d) => d.languageId === 'solidity');
}

export function registerCommands(context: vscode.ExtensionContext, server: ServerConnection, log: Log): void {
  const source = {
    fetch: (uri: vscode.Uri) => server.execute<RawReport>('synor.report', { uri: uri.toString() }),
    showDocumentation: (ruleId: string) => showDocumentation(context, log, ruleId),
  };

  const noDocument = () => void vscode.window.showInformationMessage('Synor: open a Solidity file first.');

  const register = (id: (typeof COMMAND_IDS)[number], fn: (...args: unknown[]) => unknown) =>
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

  register('synor.showReport', (arg, target) => {
    const doc = targetDocument(arg);
    if (!doc) return noDocument();
    const t = target as ReportTarget | undefined;
    ReportPanel.show(context, source, log, doc.uri, t && typeof t === 'object' ? { contract: typeof t.contract === 'string' ? t.contract : undefined, function: typeof t.function === 'string' ? t.function : undefined } : undefined);
  });

  // The code actions' "Show documentation", the rule link in Problems and the findings view: the
  // rule's page rendered, not its Markdown source opened for editing.
  register('synor.showDocumentation', (arg) => {
    const ruleId = typeof arg === 'string' ? arg : (arg as { ruleId?: unknown } | undefined)?.ruleId;
    if (typeof ruleId !== 'string' || !/^[a-z0-9-]+$/.test(ruleId)) return undefined;
    return showDocumentation(context, log, ruleId);
  });

  // Unsafe fixes: a modal says what the fix may change (the rule's unsafe reason), then the server
  // applies it as one versioned edit.
  register('synor.applyUnsafeFix', async (arg) => {
    const a = arg as UnsafeFixArgs | undefined;
    if (!a || typeof a.uri !== 'string') return undefined;
    const reasons = (a.reasons ?? []).filter(Boolean);
    const why = reasons.length > 0 ? reasons.map((r) => `• ${r}`).join('\n') : '• Synor cannot show that the rewrite keeps what the code does; check the callers and tests that rely on it.';
    const detail = [a.finding ? `Finding: ${a.finding}` : '', `This fix may change what the code does:\n${why}`, 'Review the change after applying it; Undo (Ctrl+Z) reverts it.'].filter(Boolean).join('\n\n');
    const pick = await vscode.window.showWarningMessage(`Apply "${a.title}"?`, { modal: true, detail }, 'Apply Fix');
    if (pick !== 'Apply Fix') return { applied: false, reason: 'cancelled' };
    const { title: _title, reasons: _reasons, finding: _finding, ...data } = a;
    const r = await server.execute<{ applied?: boolean; reason?: string; error?: string }>('synor.applyFix', data);
    if (r?.error) throw new Error(r.error);
    if (!r?.applied) void vscode.window.showWarningMessage(`Synor: the fix was not applied (${r?.reason ?? 'no answer'}).`);
    else log.info(`applied the unsafe fix "${a.title}" after confirmation`);
    return r;
  });

  register('synor.scanWorkspace', async () => {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
    if (folders.length === 0) {
      void vscode.window.showInformationMessage('Synor: open a folder to scan it.');
      return undefined;
    }
    // The server reports progress (window/workDoneProgress) and honours its cancel button.
    const r = await server.execute<ScanResult>('synor.scanWorkspace', { folders });
    if (r?.error) throw new Error(r.error);
    const s = r?.bySeverity ?? {};
    const summary = `Synor scanned ${r?.analysed ?? 0} of ${r?.files ?? 0} Solidity files in ${formatDuration(r?.ms)}: ${r?.findings ?? 0} findings (${s.high ?? 0} high, ${s.medium ?? 0} medium, ${s.low ?? 0} low, ${s.info ?? 0} info)${r?.cancelled ? ', cancelled' : ''}.`;
    log.info(summary);
    void vscode.window.showInformationMessage(summary, 'Show Findings', 'Show Problems').then((pick) => {
      if (pick === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
      else if (pick === 'Show Findings') void vscode.commands.executeCommand('synor.findings.focus');
    });
    return r;
  });

  register('synor.fixAll', async (arg) => {
    const doc = targetDocument(arg);
    if (!doc) return noDocument();
    const r = await server.execute<FixAllResult>('synor.fixAll', { uri: doc.uri.toString(), version: doc.version });
    if (r?.error) throw new Error(r.error);
    if (r?.applied) void vscode.window.setStatusBarMessage(`Synor: applied ${r.fixes} safe fix${r.fixes === 1 ? '' : 'es'}`, 5000);
    else void vscode.window.showInformationMessage(`Synor: no fixes applied (${r?.reason ?? 'nothing to fix'}).`);
    return r;
  });

  register('synor.measureFunction', async (arg, pos) => {
    const doc = targetDocument(arg);
    if (!doc) return noDocument();
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    const plain = pos as { line?: unknown; character?: unknown } | undefined;
    const position = typeof plain?.line === 'number' && typeof plain.character === 'number' ? new vscode.Position(plain.line, plain.character) : editor?.selection.active;
    if (!position) return noDocument();
    const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Synor: measuring gas…' }, () =>
      server.execute<MeasureResult>('synor.measureFunction', { uri: doc.uri.toString(), position: { line: position.line, character: position.character } }),
    );
    if (r?.error) throw new Error(r.error);
    if (r?.status === 'done' && r.function) {
      const g = r.function.gas;
      const figure = typeof g === 'number' ? `${formatGas(g)} gas per call (measured in the EVM)` : g === 'reverted' ? `the call reverted${r.function.revertReason ? `: ${r.function.revertReason}` : ''}` : 'not called';
      void vscode.window.showInformationMessage(`Synor: ${r.contract}.${r.function.signature ?? r.function.name}: ${figure}`);
    } else {
      void vscode.window.showInformationMessage(`Synor: gas not measured (${r?.reason ?? r?.status ?? 'no answer'}).`);
    }
    return r;
  });

  register('synor.restartServer', async () => {
    await server.restart();
    void vscode.window.setStatusBarMessage('Synor: language server restarted', 3000);
  });

  register('synor.showOutput', () => log.channel.show(true));

  // The "Mark as false positive…" / "Accept risk…" code actions: the reason is asked for here,
  // the server writes .synor/triage.json and publishes again without the finding.
  context.subscriptions.push(
    vscode.commands.registerCommand('synor.triageFinding', async (arg: { uri: string; fingerprint: string; state: string; ruleId?: string; message?: string }) => {
      try {
        const what = arg.state === 'false-positive' ? 'a false positive' : 'an accepted risk';
        const reason = await vscode.window.showInputBox({ title: `Synor: mark ${arg.ruleId ?? 'this finding'} as ${what}`, prompt: 'Why? (recorded in .synor/triage.json with your name and the date)', ignoreFocusOut: true, validateInput: (v) => (v.trim() === '' ? 'A reason is required.' : undefined) });
        if (reason === undefined) return undefined;
        const r = await server.execute<{ written?: string; error?: string }>('synor.triage', { ...arg, reason: reason.trim() });
        if (r?.error) throw new Error(r.error);
        void vscode.window.setStatusBarMessage(`Synor: triaged in ${r?.written ? vscode.workspace.asRelativePath(r.written) : '.synor/triage.json'}`, 5000);
        return r;
      } catch (err) {
        log.error('synor.triageFinding failed', err);
        void vscode.window.showErrorMessage(`Synor: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      }
    }),
  );
}

/** A scan's duration in words: milliseconds under a second (a warm scan is not "0.0 s"). */
export function formatDuration(ms: number | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return 'an unknown time';
  if (ms < 1000) return `${Math.max(1, Math.round(ms))} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/**
 * Opens a rule's page rendered: VS Code's Markdown preview of the docs/rules/<id>.md shipped in
 * the extension, read-only (never the source as an editable file).
 */
async function showDocumentation(context: vscode.ExtensionContext, log: Log, ruleId: string): Promise<void> {
  const page = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${ruleId}.md`);
  try {
    await vscode.workspace.fs.stat(page);
  } catch {
    void vscode.window.showWarningMessage(`Synor: no documentation page for ${ruleId}.`);
    return;
  }
  try {
    await vscode.commands.executeCommand('markdown.showPreview', page);
  } catch (err) {
    // Without the built-in Markdown extension, the source opened read-only is the next best thing.
    log.warn(`the Markdown preview is not available (${String(err)}); opening ${ruleId}.md as text`);
    const doc = await vscode.workspace.openTextDocument(page);
    await vscode.window.showTextDocument(doc, { preview: true });
  }
}
