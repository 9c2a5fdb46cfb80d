import { SEVERITIES } from '../types';
import { bytecodeFacts, confirmationLabel, describeSkipped, gasLabel, gasSpread, type Report } from './model';
import { noteInWords, type RenderOptions } from './markdown';
import { excerpt } from './excerpt';
import { pathDisplay, relativiseText } from './paths';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * A self-contained HTML report (inline styles, no scripts, no remote
 * resources), for export and for people without the editor.
 */
export function renderHtml(report: Report, options: RenderOptions = {}): string {
  const show = pathDisplay(report.files, options.root);
  const words = (text: string) => relativiseText(text, report.files, show);
  const rows = SEVERITIES.map((s) => `<tr><td class="sev ${s}">${s}</td><td>${report.summary.bySeverity[s]}</td></tr>`).join('');
  const risk = report.risk
    .map((r) => `<tr><td>${esc(r.contract)}</td><td>${esc(show(r.file))}</td><td><b>${r.score}</b>/100</td><td>${r.level}</td><td>${esc(r.explanation)}</td></tr>`)
    .join('');
  const gas = report.gas
    .map((c) => {
      const max = Math.max(1, ...c.functions.map((f) => (typeof f.gas === 'number' ? f.gas : 0)));
      const fns = c.functions
        .map((f) => {
          const v = typeof f.gas === 'number' ? f.gas : 0;
          const label = esc(gasLabel(f));
          const spread = gasSpread(f);
          return `<tr><td><code>${esc(f.signature)}</code></td><td class="num">${label}</td><td class="num">${spread ? `<span title="min / median / max of ${f.stats!.samples} measurements">${spread}</span>` : ''}</td><td><svg width="200" height="10" role="img" aria-label="${label}"><rect width="${Math.round((200 * v) / max)}" height="10" class="bar"/></svg></td></tr>`;
        })
        .join('');
      const deploy = 'gas' in c.deploy ? `${c.deploy.gas.toLocaleString('en-US')} gas` : `failed: ${esc(c.deploy.failed)}`;
      return `<h3>${esc(c.name)}</h3><p>Deployment ${deploy}; runtime ${c.runtimeSize.toLocaleString('en-US')} of ${c.sizeLimit.toLocaleString('en-US')} bytes (EIP-170).</p><table>${fns}</table>`;
    })
    .join('');
  const findings = report.findings
    .map((f) => {
      const ex = excerpt(options.sources?.get(f.file), f.range);
      const code = ex ? `<pre>${ex.lines.map((l) => `${l.marked ? '&gt;' : ' '} ${String(l.number).padStart(4)} ${esc(l.text)}`).join('\n')}</pre>` : '';
      const fix = f.fixes.length > 0 ? `<p><b>Fix (${f.fixes[0].safety}):</b> ${esc(f.fixes[0].title)}</p>` : '';
      return `<section class="finding"><h4><span class="sev ${f.severity}">${f.severity}</span> ${esc(f.title)} <small>${esc(f.ruleId)} / ${esc(f.messageId)}${f.swc ? ' · ' + f.swc : ''}</small></h4><p class="loc">${esc(show(f.file))}:${f.range.start.line + 1}:${f.range.start.character + 1}</p><p>${esc(f.message)}</p>${code}${fix}</section>`;
    })
    .join('');
  const bytecode = (report.bytecode ?? [])
    .map((c) => {
      const facts = bytecodeFacts(c)
        .map((f) => `<tr><th>${esc(f.label)}</th><td${f.alarm ? ' class="high"' : ''}>${esc(f.text)}</td></tr>`)
        .join('');
      const rows = c.findings
        .map((f) => {
          const where = f.place ? `${show(f.place.file)}:${f.place.line}:${f.place.column}` : `pc 0x${f.pc.toString(16).padStart(4, '0')}`;
          return `<tr><td><code>${esc(f.id)}</code>${f.swc ? ` ${esc(f.swc)}` : ''}</td><td class="sev ${f.severity}">${f.severity}</td><td class="loc">${esc(where)}</td><td>${esc(f.functions.join(', ') || '-')}</td><td>${esc(f.source.join(', ') || 'none (bytecode only)')}</td><td>${esc(confirmationLabel(f))}</td></tr>`;
        })
        .join('');
      const table = rows ? `<table class="bytecode-findings"><tr><th>Detector</th><th>Severity</th><th>Where</th><th>Functions</th><th>Source rules at the same place</th><th>Confirmed</th></tr>${rows}</table>` : '<p>No bytecode findings.</p>';
      return `<h3>${esc(c.contract)} <small>${esc(show(c.file))}</small></h3><table class="bytecode-facts">${facts}</table>${table}`;
    })
    .join('');
  const skipped = describeSkipped(report.skipped);
  const notMeasured = report.gas.length === 0 ? report.notes.find((n) => /^gas not measured: /i.test(n))?.replace(/^gas not measured: /i, '').replace(/\.$/, '') : undefined;
  const errors = report.errors.map((e) => `<li class="high">${esc(show(e.file))}: ${esc(words(e.message))}</li>`).join('');
  const notes = report.notes
    .filter((n) => report.gas.length > 0 || !/^gas not measured: /i.test(n))
    .map((n) => `<li>${esc(noteInWords(words(n)))}</li>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Synor report</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem}
.sev{font-weight:bold;text-transform:uppercase;font-size:.8em}.high{color:#b00020}.medium{color:#c25e00}.low{color:#1a5fb4}.info{color:#555}
.bar{fill:#3584e4}.num{text-align:right}pre{background:#f6f8fa;padding:.5rem;overflow:auto}.loc{color:#555;font-family:monospace}
</style></head><body>
<h1>Synor report</h1>
${report.headline ? `<p class="high"><b>${esc(words(report.headline))}</b></p>` : ''}
<p>Synor ${esc(report.tool.version)} · ${esc(report.generatedAt)} · ${report.files.length} file(s), ${report.summary.lines} lines</p>
${skipped.length > 0 ? `<p>Not analysed: ${esc(skipped.map((s) => `${s.text} (${s.why})`).join('; '))}.</p>` : ''}
<h2>Summary</h2><table>${rows}</table>
${risk ? `<h2>Risk</h2><table><tr><th>Contract</th><th>File</th><th>Score</th><th>Level</th><th>Drivers</th></tr>${risk}</table>` : ''}
${gas ? `<h2>Measured gas</h2>${gas}` : notMeasured ? `<h2>Measured gas</h2><p>No gas was measured: ${esc(words(notMeasured))}.</p>` : ''}
${bytecode ? `<h2>Bytecode</h2>${bytecode}` : ''}
${errors || notes ? `<h2>Notes</h2><ul>${errors}${notes}</ul>` : ''}
<h2>Findings (${report.findings.length})</h2>${findings || '<p>No findings.</p>'}
${report.triaged && report.triaged.length > 0 ? `<h2>Triaged (${report.triaged.length}, not counted)</h2><table class="triaged" style="opacity:.6"><tr><th>Where</th><th>Rule</th><th>Decision</th><th>Reason</th></tr>${report.triaged.map((f) => `<tr><td class="loc">${esc(show(f.file))}:${f.range.start.line + 1}</td><td>${esc(f.ruleId)}</td><td>${esc(f.triage!.state)}</td><td>${esc(f.triage!.reason ?? '')}</td></tr>`).join('')}</table>` : ''}
</body></html>
`;
}
