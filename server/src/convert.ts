/**
 * The only place where engine types become LSP types.
 *
 * Severity mapping (documented in the README's settings table too):
 *   security/quality: high → Error, medium → Warning, low → Information, info → Hint
 *   gas: Information (info-severity gas findings: Hint). Gas findings are
 *   advice, never a defect, but they are a main reason to install Synor, so
 *   they stay visible in the Problems panel rather than as faint hint dots.
 *   Syntax errors are always Error.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver/node';
import { ruleMap, type Finding, type FindingGas } from '../../engine/src';

/**
 * What a diagnostic carries back to code actions: where its finding is in the
 * published list, and which of its rule's messages it is (for clients and tests
 * that tell findings apart without parsing the text).
 */
export interface DiagnosticData {
  index: number;
  version: number | null;
  messageId: string;
}

/** The package root: the server bundle is server/out/server.js, two levels below it. */
export function packageRoot(): string {
  return path.resolve(__dirname, '..', '..');
}

/** The `file://` URI of a rule's documentation page (docs/rules/<id>.md), shipped in the package. */
export function docsUri(ruleId: string, docs?: string): string {
  return pathToFileURL(path.join(packageRoot(), docs ?? `docs/rules/${ruleId}.md`)).toString();
}

export function toSeverity(f: Finding): DiagnosticSeverity {
  if (f.ruleId === 'syntax-error') return DiagnosticSeverity.Error;
  if (f.category === 'gas') return f.severity === 'info' ? DiagnosticSeverity.Hint : DiagnosticSeverity.Information;
  switch (f.severity) {
    case 'high':
      return DiagnosticSeverity.Error;
    case 'medium':
      return DiagnosticSeverity.Warning;
    case 'low':
      return DiagnosticSeverity.Information;
    default:
      return DiagnosticSeverity.Hint;
  }
}

export function toDiagnostic(f: Finding, index: number, version: number | null): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: toSeverity(f),
    code: f.ruleId,
    codeDescription: { href: docsUri(f.ruleId, f.docs) },
    source: 'synor',
    message: diagnosticMessage(f),
    data: { index, version, messageId: f.messageId } satisfies DiagnosticData,
  };
  const tags = ruleMap().get(f.ruleId)?.tags;
  if (tags && tags.length > 0) d.tags = tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  return d;
}

function diagnosticMessage(f: Finding): string {
  const saving = gasSummary(f.gas);
  return saving ? `${f.message} (${saving})` : f.message;
}

/** A short gas line: measured figures when there are any, else the labelled estimate. */
export function gasSummary(gas: FindingGas | undefined): string | undefined {
  if (!gas) return undefined;
  if (gas.measured) {
    const m = gas.measured;
    const calls = m.calls.filter((c) => typeof c.before === 'number' && typeof c.after === 'number');
    const callSaving = calls.reduce((n, c) => n + ((c.before as number) - (c.after as number)), 0);
    const deploySaving = m.deploy.before - m.deploy.after;
    const parts: string[] = [];
    if (calls.length > 0) parts.push(`${formatGas(callSaving)} gas over ${calls.length} call${calls.length === 1 ? '' : 's'}`);
    parts.push(`${formatGas(deploySaving)} gas at deployment`);
    return `measured saving: ${parts.join(', ')}; solc ${m.solc}, optimizer ${m.optimizer.enabled ? `on, ${m.optimizer.runs} runs` : 'off'}`;
  }
  if (gas.estimate) return `estimated saving: ~${formatGas(gas.estimate.saving)} gas (${gas.estimate.basis})`;
  if (gas.unmeasured) return `saving not measured: ${gas.unmeasured}`;
  return undefined;
}

export function formatGas(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
