/**
 * Code lenses: measured gas per call on each public or external function, and
 * deployment gas and runtime size against the EIP-170 limit on each contract.
 * The numbers come from the deep tier; until it has run (or when it cannot)
 * the contract's lens says so, and the lenses are refreshed when it finishes.
 * A figure is shown only for the text it was measured on (by content hash):
 * after an edit or an Undo to an earlier text, the lens says "pending" until
 * that text is measured.
 * A measured lens runs `synor.showReport` [uri, { contract, function? }].
 */
import type { CodeLens, CodeLensParams } from 'vscode-languageserver/node';
import type { SynorService } from '../service';
import type { ContractReport, DeepSnapshot, FunctionGas } from '../deepTier';
import type { OutlineContract, OutlineFunction } from '../outline';
import { formatGas } from '../convert';
import { contentHash } from '../documents';
import { isTestCode } from '../../../engine/src';
import { object, textDocument, validate } from './validate';

/** EIP-170's limit on deployed code, in bytes. */
const EIP170 = 24576;

/** Where a lens opens the report: a contract, and one of its measured functions (by signature). */
export interface ReportTarget {
  contract: string;
  function?: string;
}

const CODE_LENS_PARAMS = object<CodeLensParams>({ textDocument });

export function onCodeLens(svc: SynorService, raw: CodeLensParams): CodeLens[] {
  const params = validate(raw, CODE_LENS_PARAMS, 'textDocument/codeLens');
  const state = svc.store.get(params.textDocument.uri);
  const outline = state?.fast?.outline;
  if (!state || !outline) return [];
  // Tests and scripts are never deployed: deployment and per-call lenses would only be noise there.
  if (state.path && isTestCode(state.path, svc.rootFor(state.path))) return [];
  // Figures measured on another text (an edit since, or an Undo back to an earlier one) are not shown.
  const doc = svc.documents.get(params.textDocument.uri);
  const current = !!state.deep?.result && !!doc && state.deep.hash === contentHash(doc.getText()) && state.fast?.hash === state.deep.hash;
  const deep: (Partial<DeepSnapshot> & { stale?: boolean }) | undefined = current ? state.deep : state.deep?.result ? { pending: svc.measuring(params.textDocument.uri), stale: true } : state.deep;
  const lenses: CodeLens[] = [];
  const uri = params.textDocument.uri;
  // A measured figure opens the report at that contract or function (the client's synor.showReport
  // takes the target as its second argument); a status line has nothing to open.
  const lens = (range: OutlineContract['range'], title: string, target?: ReportTarget): CodeLens => ({
    range: { start: range.start, end: range.start },
    command: target ? { title, command: 'synor.showReport', arguments: [uri, target] } : { title, command: '' },
  });
  for (const c of outline) {
    if (c.kind === 'interface') continue;
    const report = deep?.result?.contracts.find((r) => r.name === c.name);
    if (report) {
      lenses.push(lens(c.range, contractTitle(report), { contract: c.name }));
      for (const fn of c.functions) {
        if (!callable(fn)) continue;
        const g = matchFunction(report, fn);
        if (g) lenses.push(lens(fn.range, functionTitle(g), { contract: c.name, function: g.signature || g.name }));
      }
      continue;
    }
    if (c.kind === 'abstract' && deep?.result) continue;
    lenses.push(lens(c.range, statusTitle(svc, deep, c)));
  }
  return lenses;
}

function statusTitle(svc: SynorService, deep: { pending?: boolean; unavailable?: string; result?: unknown; stale?: boolean } | undefined, c: OutlineContract): string {
  if (!svc.deepStatus.available) return `Synor gas: unavailable (${svc.deepStatus.reason ?? 'no deep tier'})`;
  if (deep?.pending) return 'Synor gas: measuring…';
  if (deep?.stale) return 'Synor gas: pending (the text changed since it was measured; measured on save or when idle)';
  if (deep?.unavailable) return `Synor gas: unavailable (${deep.unavailable})`;
  if (deep?.result) return c.kind === 'library' ? 'Synor gas: library (not deployed on its own)' : 'Synor gas: not measured for this contract';
  return 'Synor gas: pending (measured on save or when idle)';
}

function contractTitle(r: ContractReport): string {
  const limit = r.sizeLimit || EIP170;
  const pct = ((r.runtimeSize / limit) * 100).toFixed(1);
  const size = `${formatGas(r.runtimeSize)} / ${formatGas(limit)} bytes (${pct}% of EIP-170)`;
  const over = r.runtimeSize > limit ? ' ⚠ over the EIP-170 limit: deployment will fail on mainnet' : '';
  const deploy = 'gas' in r.deploy ? `deploy ${formatGas(r.deploy.gas)} gas` : `deploy failed: ${r.deploy.failed}`;
  return `${deploy} · ${size}${over}`;
}

function functionTitle(g: FunctionGas): string {
  // A figure after a refund is not a plain cost, and a reverted call has no figure: neither is labelled "(measured)".
  if (typeof g.gas === 'number') return `${formatGas(g.gas)} gas per call ${g.refund ? '(refund included)' : '(measured)'}`;
  if (g.gas === 'reverted') return `gas: not measured with sample arguments (reverted: ${g.revertReason ?? 'no reason given'})`;
  return 'gas: not measured (not called)';
}

function callable(fn: OutlineFunction): boolean {
  if (fn.kind === 'constructor') return false;
  return fn.kind !== 'function' || fn.visibility === 'public' || fn.visibility === 'external' || fn.visibility === 'default';
}

/** The measured entry for an outline function: by position, then by signature, then by a unique name. */
export function matchFunction(report: ContractReport, fn: OutlineFunction): FunctionGas | undefined {
  const byLine = report.functions.find((g) => g.range && g.range.start.line === fn.range.start.line);
  if (byLine) return byLine;
  const signature = `${fn.name}(${fn.params.join(',')})`;
  const bySig = report.functions.find((g) => g.signature === signature);
  if (bySig) return bySig;
  const named = report.functions.filter((g) => g.name === fn.name);
  return named.length === 1 ? named[0] : undefined;
}
