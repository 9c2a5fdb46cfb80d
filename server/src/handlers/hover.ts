/**
 * Hover on a finding: what it is, why it matters, the fix and its safety,
 * the measured (or estimated) gas saving, and the documentation link.
 */
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { ruleMap, type Finding, type FindingGas, type Position, type Range } from '../../../engine/src';
import type { SynorService } from '../service';
import { docsUri, gasSummary, measuredWithdrawn } from '../convert';
import { object, position, textDocument, validate } from './validate';
import { measuredGas } from './codeActions';

const HOVER_PARAMS = object<HoverParams>({ textDocument, position });

export function onHover(svc: SynorService, raw: HoverParams): Hover | null {
  const params = validate(raw, HOVER_PARAMS, 'textDocument/hover');
  const uri = params.textDocument.uri;
  const state = svc.store.get(uri);
  const doc = svc.documents.get(uri);
  const published = state?.published;
  if (!published || !doc || published.version !== doc.version) return null;
  const hits = published.findings.map((f, i) => ({ f, i })).filter(({ f }) => contains(f.range, params.position));
  if (hits.length === 0) return null;
  // The same figure as the quick fix's title: measured ahead of time after a save, or when the fix was resolved.
  const parts = hits.map(({ f, i }) => describe(f, (f.fixes.length > 0 ? measuredGas(svc, uri, f, i, 0) : undefined) ?? f.gas));
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, range: hits[0].f.range };
}

function describe(f: Finding, gas: FindingGas | undefined): string {
  const meta = ruleMap().get(f.ruleId);
  const head = [`**${escape(f.title)}**`, `\`${f.ruleId}\``, `${f.category}`, `severity ${f.severity}`, `confidence ${f.confidence}`];
  if (f.swc) head.push(f.swc);
  // The message itself is not repeated: the editor shows the diagnostic's message above this hover.
  const lines = [head.join(' · ')];
  if (meta?.description && meta.description !== f.message) lines.push('', `*Why it matters:* ${escape(meta.description)}`);
  if (f.fixes.length > 0) {
    lines.push('', '*Fix:*');
    for (const fix of f.fixes) lines.push(`- ${escape(fix.title)} — ${fix.safety === 'safe' ? 'safe (cannot change behaviour; applied by Fix all)' : `review needed (may change behaviour${fix.reason ? `: ${escape(fix.reason)}` : ''})`}`);
  }
  // A measured effect names the solc version and optimizer settings it was measured with.
  const saving = gasSummary(gas);
  if (saving) lines.push('', `*Gas:* ${escape(saving)}${measuredWithdrawn(gas) ? ' — the fix is not offered' : ''}`);
  lines.push('', `[Documentation for ${f.ruleId}](${docsUri(f.ruleId, f.docs)}) · disable with \`// synor-disable-next-line ${f.ruleId}\``);
  return lines.join('\n');
}

function contains(r: Range, p: Position): boolean {
  const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return after && before;
}

function escape(s: string): string {
  return s.replace(/([\\`*_{}[\]<>#|])/g, '\\$1');
}
