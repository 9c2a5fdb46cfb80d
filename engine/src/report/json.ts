import type { Report } from './model';

/**
 * JSON output: `{ version, tool, files, errors, findings, risk, gas, summary }`
 * (and `skipped`, the files left out, when the caller walked folders; `bytecode`, each
 * compiled contract's bytecode analysis, when there was one),
 * findings exactly as the engine returns them (DESIGN.md).
 */
export function renderJson(report: Report): string {
  return JSON.stringify(
    {
      version: 1,
      tool: report.tool,
      ...(report.headline ? { headline: report.headline } : {}),
      generatedAt: report.generatedAt,
      files: report.files,
      errors: report.errors,
      summary: report.summary,
      risk: report.risk,
      // Triaged findings (shown only when asked, e.g. --show-triaged) keep their place among the
      // findings, each with its `triage` decision; the summary and risk leave them out.
      findings: report.triaged ? [...report.findings, ...report.triaged] : report.findings,
      gas: report.gas,
      notes: report.notes,
      ...(report.skipped ? { skipped: report.skipped } : {}),
      ...(report.bytecode ? { bytecode: report.bytecode } : {}),
    },
    null,
    2,
  );
}
