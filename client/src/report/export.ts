import * as vscode from 'vscode';
import path from 'node:path';
import type { RawReport } from './model';

export type ExportFormat = 'markdown' | 'html' | 'sarif';

export const EXPORT_FORMATS: Record<ExportFormat, { extension: string; label: string }> = {
  markdown: { extension: 'md', label: 'Markdown' },
  html: { extension: 'html', label: 'HTML' },
  sarif: { extension: 'sarif', label: 'SARIF' },
};

/**
 * Renders a report with the engine's own renderers, the same ones the CLI uses, so that a
 * report saved from the editor and one produced in CI read the same. The engine is loaded
 * only when a report is exported: it is large and the extension host should not pay for it
 * at activation.
 */
export async function renderExport(raw: RawReport, format: ExportFormat, document: vscode.TextDocument | undefined): Promise<string> {
  if (!raw.report || !Array.isArray(raw.report.findings)) throw new Error('the server sent no report to export');
  const engine = await import('../../../engine/src/report/index.js');
  const report = raw.report as unknown as Parameters<typeof engine.renderMarkdown>[0];
  const sources = new Map<string, string>();
  if (document) {
    for (const file of report.files ?? []) sources.set(file, document.getText());
    sources.set(document.uri.fsPath, document.getText());
  }
  // Paths relative to the workspace folder: an exported report carries no absolute local path.
  const folder = document ? vscode.workspace.getWorkspaceFolder(document.uri) : undefined;
  const root = folder?.uri.fsPath;
  switch (format) {
    case 'markdown':
      return engine.renderMarkdown(report, { sources, root });
    case 'html':
      return engine.renderHtml(report, { sources, root });
    case 'sarif':
      // Code-scanning services expect paths relative to the repository root.
      return engine.renderSarif(report, { toUri: (file) => toRelativeUri(file) });
  }
}

function toRelativeUri(file: string): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
  const rel = folder ? path.relative(folder.uri.fsPath, file) : file;
  return rel.split(path.sep).join('/');
}

/** Where an export of `document` goes by default: beside it, e.g. `Vault.synor.md`. */
export function defaultExportUri(document: vscode.Uri, format: ExportFormat): vscode.Uri {
  const base = path.posix.basename(document.path).replace(/\.sol$/i, '');
  return vscode.Uri.joinPath(document, '..', `${base}.synor.${EXPORT_FORMATS[format].extension}`);
}

/** Writes the export to `target`, or asks where to save it. Returns the file written, if any. */
export async function exportReport(raw: RawReport, format: ExportFormat, document: vscode.TextDocument | undefined, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const text = await renderExport(raw, format, document);
  let uri = target;
  if (!uri) {
    const base = document ? defaultExportUri(document.uri, format) : undefined;
    uri = await vscode.window.showSaveDialog({
      defaultUri: base,
      saveLabel: `Export ${EXPORT_FORMATS[format].label}`,
      filters: { [EXPORT_FORMATS[format].label]: [EXPORT_FORMATS[format].extension] },
    });
    if (!uri) return undefined;
  }
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  return uri;
}
