import * as vscode from 'vscode';
import type { ServerConnection } from './connection';
import type { Log } from './log';
import { formatGas, type FunctionGas, type RawReport } from './report/model';
import { ReportPanel } from './report/panel';

/** The extension's commands; the ids match package.json's `contributes.commands`. */
export const COMMAND_IDS = ['synor.showReport', 'synor.scanWorkspace', 'synor.fixAll', 'synor.measureFunction', 'synor.restartServer', 'synor.showOutput'] as const;

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
    showDocumentation: async (ruleId: string) => {
      try {
        const r = await server.execute<{ shown?: boolean; uri?: string }>('synor.showDocumentation', ruleId);
        if (r?.shown) return;
      } catch (err) {
        log.debug(`synor.showDocumentation failed, opening the page here: ${String(err)}`);
      }
      const page = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${ruleId}.md`);
      await vscode.commands.executeCommand('markdown.showPreview', page).then(undefined, () => vscode.window.showTextDocument(page));
    },
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

  register('synor.showReport', (arg) => {
    const doc = targetDocument(arg);
    if (!doc) return noDocument();
    ReportPanel.show(context, source, log, doc.uri);
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
    const summary = `Synor scanned ${r?.analysed ?? 0} of ${r?.files ?? 0} Solidity files in ${((r?.ms ?? 0) / 1000).toFixed(1)} s: ${r?.findings ?? 0} findings (${s.high ?? 0} high, ${s.medium ?? 0} medium, ${s.low ?? 0} low, ${s.info ?? 0} info)${r?.cancelled ? ', cancelled' : ''}.`;
    log.info(summary);
    void vscode.window.showInformationMessage(summary, 'Show Problems').then((pick) => {
      if (pick) void vscode.commands.executeCommand('workbench.actions.view.problems');
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
