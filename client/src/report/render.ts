/**
 * The report view's HTML. Everything is rendered here, in the extension host, as escaped
 * text; the page's only script forwards clicks to the extension. Styles live in one
 * nonce'd <style> element (the CSP forbids inline style attributes), colours come from the
 * theme's CSS variables, and the charts are inline SVG sized with attributes.
 */
import {
  deployGas,
  EIP170_LIMIT,
  EIP3860_LIMIT,
  formatGas,
  gasSaving,
  severityOf,
  SEVERITIES,
  type ContractBytecodeView,
  type ContractGas,
  type ContractRisk,
  type ReportFinding,
  type Severity,
  type ViewModel,
} from './model';

const SEVERITY_TITLE: Record<Severity, string> = { high: 'High', medium: 'Medium', low: 'Low', info: 'Informational' };

export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const attr = escapeHtml;

export interface PageOptions {
  /** The webview's `cspSource`, allowed for images and styles. */
  cspSource: string;
  /** A fresh random nonce per page. */
  nonce: string;
  title: string;
  body: string;
}

/** The whole document: CSP, styles, body and the click-forwarding script. */
export function renderPage(o: PageOptions): string {
  const csp = [`default-src 'none'`, `img-src ${o.cspSource} data:`, `style-src ${o.cspSource} 'nonce-${o.nonce}'`, `script-src 'nonce-${o.nonce}'`, `font-src ${o.cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp.replace(/"/g, '&quot;')}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(o.title)}</title>
<style nonce="${attr(o.nonce)}">${STYLES}</style>
</head>
<body>
${o.body}
<script nonce="${attr(o.nonce)}">${SCRIPT}</script>
</body>
</html>`;
}

/** A page saying what is going on before there is a report to show. */
export function renderMessageBody(title: string, message: string, busy = false): string {
  return `<main class="message">${busy ? '<div class="spinner" aria-hidden="true"></div>' : ''}<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></main>`;
}

/** The report's body. */
export function renderReportBody(vm: ViewModel): string {
  const parts: string[] = [];
  parts.push(header(vm));
  if (vm.error) parts.push(`<section class="error-box" id="error"><p>${escapeHtml(vm.error)}</p></section>`);
  parts.push(riskSection(vm));
  parts.push(findingsSection(vm));
  if (vm.triaged.length > 0) parts.push(triagedSection(vm));
  parts.push(gasSection(vm));
  if (vm.bytecode.length > 0) parts.push(bytecodeSection(vm));
  parts.push(fixesSection(vm));
  if (vm.notes.length > 0 || vm.errors.length > 0) {
    parts.push(`<section id="notes"><h2>Notes</h2><ul>${[...vm.notes, ...vm.errors].map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul></section>`);
  }
  return `<main>${parts.join('\n')}</main>`;
}

function header(vm: ViewModel): string {
  const chips = SEVERITIES.map((s) => `<span class="chip sev-${s}" title="${SEVERITY_TITLE[s]}">${vm.bySeverity[s]} ${s}</span>`).join('');
  let deep: string;
  // "Measured" only when something was: a compile that failed finishes the deep tier without a figure.
  if (vm.deep.status === 'done' && vm.contracts.length > 0) deep = `Gas measured in the EVM${vm.deep.compiler ? ` with ${escapeHtml(vm.deep.compiler)}` : ''}${vm.deep.reason ? `; ${escapeHtml(vm.deep.reason)}` : ''}.`;
  else if (vm.deep.status === 'done') deep = `No gas measured${vm.deep.reason ? `: ${escapeHtml(vm.deep.reason)}` : ': nothing deployable in this file'}${vm.deep.compiler ? ` (${escapeHtml(vm.deep.compiler)})` : ''}.`;
  else if (vm.deep.status === 'pending') deep = 'Compiling and measuring gas; the report refreshes when that finishes.';
  else deep = `Gas not measured${vm.deep.reason ? `: ${escapeHtml(vm.deep.reason)}` : '.'}`;
  const exportButtons = (['markdown', 'html', 'sarif'] as const)
    .map((f) => `<button class="secondary" data-action="export" data-format="${f}" title="Save the report as ${f === 'sarif' ? 'SARIF 2.1.0' : f === 'html' ? 'a standalone HTML page' : 'Markdown'}">Export ${f === 'sarif' ? 'SARIF' : f === 'html' ? 'HTML' : 'Markdown'}</button>`)
    .join('');
  return `<header>
<div class="title-row"><h1>Synor report: <span class="file">${escapeHtml(vm.fileName)}</span></h1>
<div class="toolbar"><button data-action="refresh" title="Analyse again">Refresh</button>${exportButtons}</div></div>
<p class="summary"><span class="total">${vm.findings.length} finding${vm.findings.length === 1 ? '' : 's'}</span> ${chips}</p>
<p class="deep deep-${attr(vm.deep.status)}">${deep}</p>
</header>`;
}

function riskSection(vm: ViewModel): string {
  // A contract that carries no risk says nothing beside one that does; show it only when alone.
  const risky = vm.risk.filter((r) => (r.score ?? 0) > 0);
  const shown = risky.length > 0 ? risky : vm.risk.filter((r) => r.contract !== '(file level)');
  if (shown.length === 0) return `<section id="risk"><h2>Risk</h2><p class="muted">No contract has findings that carry risk.</p></section>`;
  const cards = [...shown]
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0))
    .map((r) => riskCard(r))
    .join('');
  return `<section id="risk"><h2>Risk</h2><div class="cards">${cards}</div></section>`;
}

function riskCard(r: ContractRisk): string {
  const score = Math.max(0, Math.min(100, Math.round(r.score ?? 0)));
  const level = r.level ?? (score >= 75 ? 'critical' : score >= 50 ? 'high' : score >= 25 ? 'medium' : score > 5 ? 'low' : 'minimal');
  const drivers = (r.drivers ?? []).slice(0, 5);
  const driverRows = drivers
    .map((d) => {
      const share = Math.max(0, Math.min(1, d.share ?? 0));
      const w = Math.round(share * 120);
      return `<li><svg class="share" width="120" height="8" role="img" aria-label="${Math.round(share * 100)}% of the score"><rect class="track" x="0" y="0" width="120" height="8" rx="2"></rect><rect class="bar sev-fill-${severityOf(d)}" x="0" y="0" width="${w}" height="8" rx="2"></rect></svg> <span class="sev-${severityOf(d)}">${escapeHtml(d.title ?? d.ruleId)}</span>${(d.count ?? 1) > 1 ? ` ×${d.count}` : ''} <span class="muted">${Math.round(share * 100)}%</span></li>`;
    })
    .join('');
  return `<div class="card risk-card level-${attr(level)}" data-contract="${attr(r.contract)}">
<div class="score-row"><span class="score" title="Risk score, 0 to 100">${score}</span><span class="level">${escapeHtml(level)}</span><span class="contract">${escapeHtml(r.contract ?? '')}</span></div>
<svg class="gauge" width="100%" height="6" viewBox="0 0 100 6" preserveAspectRatio="none" role="img" aria-label="score ${score} of 100"><rect class="track" x="0" y="0" width="100" height="6"></rect><rect class="bar level-fill-${attr(level)}" x="0" y="0" width="${score}" height="6"></rect></svg>
${r.explanation ? `<p class="explanation">${escapeHtml(r.explanation)}</p>` : ''}
${driverRows ? `<ul class="drivers">${driverRows}</ul>` : ''}
</div>`;
}

function findingsSection(vm: ViewModel): string {
  if (vm.findings.length === 0) return `<section id="findings"><h2>Findings</h2><p class="muted">No findings in this file.</p></section>`;
  const groups = SEVERITIES.map((s) => {
    const items = vm.findings.map((f, i) => ({ f, i })).filter(({ f }) => severityOf(f) === s);
    if (items.length === 0) return '';
    return `<details class="group" open><summary><span class="sev-${s}">${SEVERITY_TITLE[s]}</span> <span class="muted">(${items.length})</span></summary><ul class="findings">${items.map(({ f, i }) => findingItem(f, i)).join('')}</ul></details>`;
  }).join('');
  return `<section id="findings"><h2>Findings</h2>${groups}</section>`;
}

/** Findings a person triaged away: faded, with the decision and the reason, not counted above. */
function triagedSection(vm: ViewModel): string {
  const rows = vm.triaged
    .map((f) => `<li><span class="muted">line ${(f.range?.start.line ?? 0) + 1}</span> ${escapeHtml(f.ruleId ?? '')}: <b>${escapeHtml(f.triage?.state ?? '')}</b>${f.triage?.reason ? ` — ${escapeHtml(f.triage.reason)}` : ''}</li>`)
    .join('');
  return `<section id="triaged" style="opacity:.6"><h2>Triaged <span class="muted">(${vm.triaged.length}, not counted)</span></h2><ul class="findings">${rows}</ul></section>`;
}

function findingItem(f: ReportFinding, i: number): string {
  const s = severityOf(f);
  const line = (f.range?.start.line ?? 0) + 1;
  const where = [f.contract, f.function].filter(Boolean).join('.');
  const saving = gasSaving(f.gas);
  const fixes = (f.fixes ?? [])
    .map((x, k) => (x.edits && x.edits.length > 0 ? `<button class="fix" data-action="apply" data-finding="${i}" data-fix="${k}" title="${x.safety === 'safe' ? 'A safe rewrite' : 'Review this change: it may alter behaviour'}">Apply: ${escapeHtml(x.title ?? 'fix')}${x.safety === 'unsafe' ? ' (review)' : ''}</button>` : ''))
    .join('');
  return `<li class="finding sev-border-${s}" data-rule="${attr(f.ruleId)}">
<a class="loc" href="#" data-action="reveal" data-finding="${i}" title="Go to line ${line}">line ${line}</a>
<span class="finding-title">${escapeHtml(f.title ?? f.ruleId)}</span> <code class="rule">${escapeHtml(f.ruleId)}</code>${f.swc ? ` <span class="swc">${escapeHtml(f.swc)}</span>` : ''}${f.category ? ` <span class="tag">${escapeHtml(f.category)}</span>` : ''}${f.confidence ? ` <span class="tag" title="confidence">${escapeHtml(f.confidence)} confidence</span>` : ''}
<div class="message">${escapeHtml(f.message)}${where ? ` <span class="muted">in ${escapeHtml(where)}</span>` : ''}</div>
${saving ? `<div class="saving">${escapeHtml(saving)}</div>` : ''}
<div class="actions">${fixes}${f.ruleId ? `<a href="#" class="docs" data-action="docs" data-rule="${attr(f.ruleId)}">Documentation</a>` : ''}</div>
</li>`;
}

function gasSection(vm: ViewModel): string {
  if (vm.contracts.length === 0) {
    const why = vm.deep.status === 'pending' ? 'Compiling; measured gas appears here when it is done.' : `No measured gas${vm.deep.reason ? `: ${escapeHtml(vm.deep.reason)}` : ' for this file'}.`;
    return `<section id="gas"><h2>Gas and size</h2><p class="muted">${why}</p></section>`;
  }
  return `<section id="gas"><h2>Gas and size</h2>${vm.contracts.map(contractGas).join('')}</section>`;
}

function sizeBar(label: string, size: number, limit: number): string {
  const ratio = size / limit;
  const w = Math.min(100, Math.round(ratio * 1000) / 10);
  const cls = ratio > 1 ? 'over' : ratio > 0.9 ? 'near' : 'ok';
  return `<div class="size-row"><span class="size-label">${escapeHtml(label)}</span><svg class="size" width="100%" height="10" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="${(ratio * 100).toFixed(1)}% of the limit"><rect class="track" x="0" y="0" width="100" height="10"></rect><rect class="bar size-${cls}" x="0" y="0" width="${w}" height="10"></rect></svg><span class="size-figure">${formatGas(size)} / ${formatGas(limit)} bytes (${(ratio * 100).toFixed(1)}%)${ratio > 1 ? ' — over the limit: it cannot be deployed on mainnet' : ''}</span></div>`;
}

function contractGas(c: ContractGas): string {
  const deploy = deployGas(c);
  const failed = typeof c.deploy === 'object' && c.deploy?.failed ? c.deploy.failed : undefined;
  const fns = c.functions ?? [];
  const measured = fns.filter((f) => typeof f.gas === 'number') as Array<{ name?: string; signature?: string; selector?: string; gas: number }>;
  const max = Math.max(1, ...measured.map((f) => f.gas));
  const rowH = 22;
  const labelW = 180;
  const chartW = 360;
  const chart =
    measured.length === 0
      ? ''
      : `<svg class="chart" width="${labelW + chartW + 90}" height="${measured.length * rowH + 4}" viewBox="0 0 ${labelW + chartW + 90} ${measured.length * rowH + 4}" role="img" aria-label="measured gas per function of ${attr(c.name)}">${measured
          .map((f, i) => {
            const y = i * rowH + 2;
            const w = Math.max(2, Math.round((f.gas / max) * chartW));
            const label = (f.signature ?? f.name ?? '').length > 28 ? `${(f.signature ?? f.name ?? '').slice(0, 27)}…` : (f.signature ?? f.name ?? '');
            return `<text class="chart-label" x="${labelW - 6}" y="${y + 14}" text-anchor="end">${escapeHtml(label)}</text><rect class="bar gas-bar" x="${labelW}" y="${y + 3}" width="${w}" height="${rowH - 8}" rx="2"></rect><text class="chart-value" x="${labelW + w + 6}" y="${y + 14}">${formatGas(f.gas)}</text>`;
          })
          .join('')}</svg>`;
  const rows = fns
    .map((f) => {
      const g = typeof f.gas === 'number' ? formatGas(f.gas) : f.gas === 'reverted' ? `reverted${f.revertReason ? `: ${escapeHtml(f.revertReason)}` : ''}` : 'not called';
      return `<tr data-function="${attr(f.signature ?? f.name ?? '')}" data-name="${attr(f.name ?? '')}"><td><code>${escapeHtml(f.signature ?? f.name)}</code></td><td><code>${escapeHtml(f.selector ?? '')}</code></td><td class="num">${g}</td></tr>`;
    })
    .join('');
  const sizes = [
    typeof c.runtimeSize === 'number' ? sizeBar('Runtime size (EIP-170)', c.runtimeSize, c.sizeLimit ?? EIP170_LIMIT) : '',
    typeof c.initcodeSize === 'number' && c.initcodeSize > 0 ? sizeBar('Init code size (EIP-3860)', c.initcodeSize, EIP3860_LIMIT) : '',
  ].join('');
  return `<div class="contract-gas" data-contract="${attr(c.name)}">
<h3>${escapeHtml(c.name)}${c.kind && c.kind !== 'contract' ? ` <span class="tag">${escapeHtml(c.kind)}</span>` : ''}</h3>
<p class="deploy">Deployment: ${deploy !== undefined ? `<strong class="deploy-gas">${formatGas(deploy)}</strong> gas` : failed ? `failed (${escapeHtml(failed)})` : 'not measured'}</p>
${sizes}
${chart}
${fns.length > 0 ? `<table class="gas-table"><thead><tr><th>Function</th><th>Selector</th><th class="num">Gas per call</th></tr></thead><tbody>${rows}</tbody></table>` : '<p class="muted">No external functions were measured.</p>'}
</div>`;
}

/** What the compiled code shows: size, compiler, proxy, standards, selectors against the ABI, and the bytecode detectors' findings. */
function bytecodeSection(vm: ViewModel): string {
  return `<section id="bytecode"><h2>Bytecode</h2>${vm.bytecode.map(contractBytecode).join('')}</section>`;
}

function contractBytecode(c: ContractBytecodeView): string {
  const n = (x: number | undefined) => (typeof x === 'number' ? x.toLocaleString('en-US') : '?');
  const sel = c.selectors ?? {};
  const differ = [sel.missingFromCode?.length ? `not in the code: ${sel.missingFromCode.join(', ')}` : '', sel.notInAbi?.length ? `not in the ABI: ${sel.notInAbi.map((x) => `0x${x}`).join(', ')}` : ''].filter(Boolean).join('; ');
  const facts: Array<[string, string, boolean?]> = [
    ['Size', `${n(c.runtimeSize)} bytes of runtime${typeof c.runtimeSize === 'number' && c.sizeLimit ? `, ${((100 * c.runtimeSize) / c.sizeLimit).toFixed(1)}% of EIP-170's ${n(c.sizeLimit)}` : ''}${c.overEip170 ? ': over the limit, mainnet would refuse to deploy it' : ''}`, c.overEip170],
    ['Compiler', c.solc ? `solc ${c.solc} (from the metadata)` : 'not recorded in the code'],
    ['Proxy', !c.proxy?.kind || c.proxy.kind === 'none' ? `none${c.proxy?.uups ? ' (a UUPS implementation)' : ''}` : `${c.proxy.kind}${c.proxy.slot ? `, implementation slot ${c.proxy.slot}` : ''}`],
    ['Standards', (c.standards ?? []).map((x) => (x.complete ? x.standard : `${x.standard} (partial, ${x.present} of ${x.total})`)).join(', ') || 'none recognised'],
    ['Selectors', `${n(sel.count)} dispatched; ${sel.agree === false ? `they differ from the ABI (${differ})` : 'they agree with the ABI'}`, sel.agree === false],
  ];
  if (c.truncated) facts.push(['Note', 'the exploration hit its budget: findings and selectors may be incomplete']);
  if (c.error) facts.push(['Error', c.error, true]);
  const dl = `<dl class="bytecode-facts">${facts.map(([k, v, alarm]) => `<dt>${escapeHtml(k)}</dt><dd${alarm ? ' class="sev-high"' : ''}>${escapeHtml(v)}</dd>`).join('')}</dl>`;
  const findings = c.findings ?? [];
  const table =
    findings.length === 0
      ? '<p class="muted">No bytecode detector fired.</p>'
      : `<table class="fix-table"><thead><tr><th>Severity</th><th>Detector</th><th>Where</th><th>Functions</th><th>Also found by</th><th>Confirmation</th></tr></thead><tbody>${findings
          .map((f) => {
            const sev = (SEVERITIES as readonly string[]).includes(f.severity ?? '') ? (f.severity as Severity) : 'info';
            const confirmed = f.confirmed === true ? 'confirmed in a local EVM' : f.confirmed === false ? 'not confirmed' : 'not tried';
            return `<tr><td class="sev-${sev}">${escapeHtml(SEVERITY_TITLE[sev])}</td><td title="${escapeHtml(f.message ?? '')}">${escapeHtml(f.title ?? f.id ?? '')}${f.swc ? ` <span class="muted">${escapeHtml(f.swc)}</span>` : ''}</td><td>${f.place?.line ? `line ${f.place.line}` : '<span class="muted">no source place</span>'}</td><td>${escapeHtml((f.functions ?? []).join(', '))}</td><td>${escapeHtml((f.source ?? []).join(', ') || '—')}</td><td title="${escapeHtml(f.confirmation ?? '')}">${confirmed}</td></tr>`;
          })
          .join('')}</tbody></table>`;
  return `<h3>${escapeHtml(c.contract ?? '?')}</h3>${dl}${table}`;
}

function fixesSection(vm: ViewModel): string {
  if (vm.fixes.length === 0) return `<section id="fixes"><h2>Fixes</h2><p class="muted">No automatic fixes for this file.</p></section>`;
  const rows = vm.fixes
    .map(
      (x) =>
        `<tr><td><a href="#" data-action="reveal" data-finding="${x.finding}">line ${x.line}</a></td><td><code>${escapeHtml(x.ruleId)}</code></td><td>${escapeHtml(x.title)}</td><td><span class="tag safety-${attr(x.safety)}">${escapeHtml(x.safety)}</span></td><td>${escapeHtml(x.saving ?? '')}</td><td><button class="fix" data-action="apply" data-finding="${x.finding}" data-fix="${x.fix}">Apply</button></td></tr>`,
    )
    .join('');
  return `<section id="fixes"><h2>Fixes</h2><table class="fix-table"><thead><tr><th>Where</th><th>Rule</th><th>Fix</th><th>Safety</th><th>Gas</th><th></th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

const STYLES = `
:root { --gap: 12px; }
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 20px 40px; line-height: 1.45; }
h1 { font-size: 1.35em; margin: 0; font-weight: 600; }
h2 { font-size: 1.1em; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); }
h3 { font-size: 1em; margin: 18px 0 6px; }
header { position: sticky; top: 0; background: var(--vscode-editor-background); padding: 14px 0 8px; z-index: 1; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
.title-row { display: flex; flex-wrap: wrap; gap: var(--gap); align-items: center; justify-content: space-between; }
.file { font-family: var(--vscode-editor-font-family); }
.toolbar { display: flex; gap: 6px; flex-wrap: wrap; }
button { font: inherit; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: 1px solid var(--vscode-button-border, transparent); padding: 3px 10px; border-radius: 2px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
button:focus-visible, a:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
a { color: var(--vscode-textLink-foreground); text-decoration: none; }
a:hover { color: var(--vscode-textLink-activeForeground); text-decoration: underline; }
code { font-family: var(--vscode-editor-font-family); font-size: 0.92em; background: var(--vscode-textCodeBlock-background); padding: 0 3px; border-radius: 2px; }
.muted { color: var(--vscode-descriptionForeground); }
.bytecode-facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 4px 0 8px; }
.bytecode-facts dt { font-weight: 600; }
.bytecode-facts dd { margin: 0; }
.summary { margin: 8px 0 2px; }
.total { font-weight: 600; margin-right: 6px; }
.chip { display: inline-block; padding: 0 8px; margin-right: 4px; border-radius: 10px; border: 1px solid currentColor; font-size: 0.9em; }
.deep { margin: 2px 0 0; color: var(--vscode-descriptionForeground); }
.deep-unavailable { color: var(--vscode-editorWarning-foreground); }
.sev-high { color: var(--vscode-errorForeground); }
.sev-medium { color: var(--vscode-editorWarning-foreground); }
.sev-low { color: var(--vscode-editorInfo-foreground); }
.sev-info { color: var(--vscode-descriptionForeground); }
.sev-fill-high, .level-fill-critical, .level-fill-high { fill: var(--vscode-charts-red); }
.sev-fill-medium, .level-fill-medium { fill: var(--vscode-charts-orange); }
.sev-fill-low, .level-fill-low { fill: var(--vscode-charts-blue); }
.sev-fill-info, .level-fill-minimal { fill: var(--vscode-charts-green); }
.track { fill: var(--vscode-editorWidget-background, var(--vscode-input-background)); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: var(--gap); }
.card { border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, transparent)); background: var(--vscode-editorWidget-background); border-radius: 4px; padding: 10px 12px; }
.score-row { display: flex; align-items: baseline; gap: 10px; margin-bottom: 6px; }
.score { font-size: 2em; font-weight: 600; }
.level { text-transform: uppercase; font-size: 0.8em; letter-spacing: 0.05em; }
.level-critical .score, .level-critical .level, .level-high .score, .level-high .level { color: var(--vscode-errorForeground); }
.level-medium .score, .level-medium .level { color: var(--vscode-editorWarning-foreground); }
.level-low .score, .level-low .level { color: var(--vscode-editorInfo-foreground); }
.contract { font-family: var(--vscode-editor-font-family); margin-left: auto; }
.explanation { margin: 8px 0 4px; }
.drivers { list-style: none; padding: 0; margin: 6px 0 0; }
.drivers li { margin: 2px 0; }
.group summary { cursor: pointer; font-weight: 600; margin: 10px 0 4px; }
.findings { list-style: none; padding: 0; margin: 0; }
.finding { padding: 6px 10px; margin: 6px 0; border-left: 3px solid transparent; background: var(--vscode-editorWidget-background); border-radius: 2px; }
.sev-border-high { border-left-color: var(--vscode-errorForeground); }
.sev-border-medium { border-left-color: var(--vscode-editorWarning-foreground); }
.sev-border-low { border-left-color: var(--vscode-editorInfo-foreground); }
.sev-border-info { border-left-color: var(--vscode-descriptionForeground); }
.loc { font-family: var(--vscode-editor-font-family); margin-right: 8px; }
.finding-title { font-weight: 600; }
.rule, .swc, .tag { font-size: 0.85em; }
.tag, .swc { color: var(--vscode-descriptionForeground); border: 1px solid var(--vscode-widget-border, var(--vscode-descriptionForeground)); border-radius: 3px; padding: 0 4px; }
.safety-safe { color: var(--vscode-charts-green); }
.safety-unsafe { color: var(--vscode-editorWarning-foreground); }
.message { margin: 4px 0; }
.contract-gas, .gas-table tr { scroll-margin-top: 160px; }
.contract-gas.target { outline: 2px solid var(--vscode-focusBorder); outline-offset: 4px; }
tr.target td { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground); }
.saving { color: var(--vscode-charts-green); font-size: 0.92em; }
.actions { display: flex; gap: 8px; align-items: center; margin-top: 4px; flex-wrap: wrap; }
table { border-collapse: collapse; margin: 8px 0; min-width: 50%; }
th, td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, transparent)); vertical-align: top; }
th { font-weight: 600; color: var(--vscode-descriptionForeground); }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.chart { display: block; margin: 8px 0; max-width: 100%; height: auto; }
.chart-label { fill: var(--vscode-foreground); font-family: var(--vscode-editor-font-family); font-size: 11px; }
.chart-value { fill: var(--vscode-descriptionForeground); font-size: 11px; }
.gas-bar { fill: var(--vscode-charts-blue); }
.size-row { display: grid; grid-template-columns: 190px minmax(80px, 260px) auto; gap: 10px; align-items: center; margin: 4px 0; }
.size { display: block; }
.size-ok { fill: var(--vscode-charts-green); }
.size-near { fill: var(--vscode-charts-orange); }
.size-over { fill: var(--vscode-charts-red); }
.deploy-gas { font-variant-numeric: tabular-nums; }
.error-box { border: 1px solid var(--vscode-inputValidation-errorBorder); background: var(--vscode-inputValidation-errorBackground); padding: 6px 10px; margin-top: 12px; }
.message h1 { margin-top: 40px; }
main.message { text-align: center; }
.spinner { width: 22px; height: 22px; margin: 60px auto 0; border: 3px solid var(--vscode-progressBar-background); border-right-color: transparent; border-radius: 50%; animation: spin 0.9s linear infinite; }
@keyframes spin { to { transform: rotate(360deg); } }
`;

// Plain ES2017 so that it runs as written in any webview; no imports, no globals but
// acquireVsCodeApi. It forwards clicks to the extension and keeps the scroll position
// across reloads of the page.
const SCRIPT = `
(function () {
  var vscode = acquireVsCodeApi();
  var state = vscode.getState() || {};
  if (state.scrollY) window.scrollTo(0, state.scrollY);
  var timer;
  window.addEventListener('scroll', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { vscode.setState({ scrollY: window.scrollY }); }, 100);
  });
  document.addEventListener('click', function (event) {
    var el = event.target && event.target.closest ? event.target.closest('[data-action]') : null;
    if (!el) return;
    event.preventDefault();
    var msg = { type: el.getAttribute('data-action') };
    ['finding', 'fix'].forEach(function (k) {
      var v = el.getAttribute('data-' + k);
      if (v !== null) msg[k] = Number(v);
    });
    ['format', 'rule'].forEach(function (k) {
      var v = el.getAttribute('data-' + k);
      if (v !== null) msg[k] = v;
    });
    vscode.postMessage(msg);
  });
  // The extension points the page at a contract or function (a gas lens was clicked).
  window.addEventListener('message', function (event) {
    var m = event.data || {};
    if (m.type !== 'scrollTo') return;
    var boxes = document.querySelectorAll('.contract-gas');
    var box = null;
    for (var i = 0; i < boxes.length; i++) if (boxes[i].getAttribute('data-contract') === m.contract) box = boxes[i];
    if (!box) return;
    var target = box;
    if (m.function) {
      var rows = box.querySelectorAll('tr[data-function]');
      for (var j = 0; j < rows.length; j++) {
        if (rows[j].getAttribute('data-function') === m.function || rows[j].getAttribute('data-name') === m.function) target = rows[j];
      }
    }
    var old = document.querySelectorAll('.target');
    for (var k = 0; k < old.length; k++) old[k].classList.remove('target');
    target.classList.add('target');
    target.scrollIntoView({ block: target === box ? 'start' : 'center' });
  });
  vscode.postMessage({ type: 'ready' });
})();
`;
