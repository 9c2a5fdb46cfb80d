import { SEVERITIES, type Severity } from '../types';
import { bytecodeFacts, confirmationLabel, gasLabel, gasSpread, type Report } from './model';
import type { RenderOptions } from './markdown';
import { excerpt } from './excerpt';
import { pathDisplay, relativiseText } from './paths';
import { noteInWords } from './markdown';

export interface TextOptions extends RenderOptions {
  colour?: boolean;
}

const CODES = { red: 31, yellow: 33, blue: 34, grey: 90, bold: 1, cyan: 36 } as const;
type Colour = keyof typeof CODES;
const SEVERITY_COLOUR: Record<Severity, Colour> = { high: 'red', medium: 'yellow', low: 'blue', info: 'grey' };

/** Human-readable output: findings grouped by file, a code frame under each, a summary line. */
export function renderText(report: Report, options: TextOptions = {}): string {
  const c = (colour: Colour, s: string) => (options.colour ? `\x1b[${CODES[colour]}m${s}\x1b[0m` : s);
  const out: string[] = [];
  const show = pathDisplay(report.files, options.root);
  const words = (text: string) => relativiseText(text, report.files, show);
  if (report.headline) out.push(c('red', words(report.headline)), '');
  const byFile = new Map<string, typeof report.findings>();
  for (const f of report.findings) {
    let list = byFile.get(f.file);
    if (!list) byFile.set(f.file, (list = []));
    list.push(f);
  }
  for (const [file, findings] of byFile) {
    out.push(c('bold', show(file)));
    for (const f of findings) {
      const pos = `${f.range.start.line + 1}:${f.range.start.character + 1}`;
      out.push(`  ${c('grey', pos.padEnd(8))}${c(SEVERITY_COLOUR[f.severity], f.severity.padEnd(7))}${f.message}  ${c('cyan', f.ruleId)}`);
      const ex = excerpt(options.sources?.get(f.file), f.range, 0);
      if (ex) {
        const width = String(ex.lines[ex.lines.length - 1].number).length;
        for (const l of ex.lines.slice(0, 3)) {
          out.push(c('grey', `    ${String(l.number).padStart(width)} | `) + l.text);
          if (l.number === ex.caret.line) out.push(c('grey', `    ${' '.repeat(width)} | `) + ' '.repeat(ex.caret.start) + c(SEVERITY_COLOUR[f.severity], '^'.repeat(Math.min(ex.caret.length, 80))));
        }
      }
      if (f.fixes.length > 0) out.push(c('grey', `    fix (${f.fixes[0].safety}): ${f.fixes[0].title}`));
      const m = f.gas?.measured;
      if (m) out.push(c('grey', `    measured: deploy ${m.deploy.before} → ${m.deploy.after}${m.calls.map((x) => `, ${x.fn} ${x.before} → ${x.after}`).join('')}`));
    }
    out.push('');
  }
  if (report.triaged && report.triaged.length > 0) {
    out.push(c('grey', `triaged (not counted): ${report.triaged.length}`));
    for (const f of report.triaged) out.push(c('grey', `  ${show(f.file)}:${f.range.start.line + 1} ${f.ruleId}: ${f.triage!.state}${f.triage!.reason ? ` (${f.triage!.reason})` : ''}`));
    out.push('');
  }
  for (const e of report.errors) out.push(c('red', `error: ${show(e.file)}: ${words(e.message)}`));
  for (const n of report.notes) out.push(c('grey', `note: ${noteInWords(words(n))}`));
  for (const g of report.gas) {
    const deploy = 'gas' in g.deploy ? `${g.deploy.gas} gas` : `failed (${g.deploy.failed})`;
    out.push(`${c('bold', g.name)}: deploy ${deploy}, runtime ${g.runtimeSize}/${g.sizeLimit} bytes`);
    for (const fn of g.functions) {
      const spread = gasSpread(fn);
      out.push(`  ${fn.signature.padEnd(40)} ${gasLabel(fn)}${spread ? c('grey', `  (min / median / max ${spread})`) : ''}`);
    }
  }
  for (const b of report.bytecode ?? []) {
    out.push(`${c('bold', b.contract)} bytecode: ${bytecodeFacts(b).map((f) => (f.alarm ? c('red', `${f.label.toLowerCase()} ${f.text}`) : `${f.label.toLowerCase()} ${f.text}`)).join('; ')}`);
    for (const f of b.findings) {
      const where = f.place ? `${show(f.place.file)}:${f.place.line}:${f.place.column}` : `pc 0x${f.pc.toString(16).padStart(4, '0')}`;
      out.push(`  ${c(SEVERITY_COLOUR[f.severity], f.severity.padEnd(7))}${f.id} at ${where} (${f.functions.join(', ') || '-'}): ${f.source.length ? `also ${f.source.join(', ')}` : 'bytecode only'}, ${confirmationLabel(f)}`);
    }
  }
  for (const r of report.risk.filter((x) => x.score > 0)) out.push(`risk ${r.contract} (${show(r.file)}): ${r.score}/100 ${r.level} — ${r.explanation}`);
  const counts = SEVERITIES.map((s) => c(SEVERITY_COLOUR[s], `${report.summary.bySeverity[s]} ${s}`)).join(', ');
  out.push(`${report.summary.findings} finding(s) in ${report.files.length} file(s): ${counts}`);
  return out.join('\n') + '\n';
}
