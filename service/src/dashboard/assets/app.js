// @ts-check
/**
 * The Synor dashboard: a small single-page app over the public API. Pages are chosen by the
 * URL's hash (#/, #/projects/<id>, #/projects/<id>/trends, #/projects/<id>/diff?base=&head=,
 * #/analyses/<id>); each page is built from API answers with DOM calls (never innerHTML,
 * so no text from an analysis is ever parsed as markup).
 */
import { ApiError, download, follow, get, request, session, signIn, signOut } from './api.js';
import { barChart, lineChart } from './charts.js';

const TRIAGE_STATES = ['false-positive', 'accepted-risk', 'wont-fix', 'confirmed'];
const SEVERITIES = ['high', 'medium', 'low', 'info'];
const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);
/** Lines in the chart of findings by rule over time (one colour class each in app.css, s-r0 … s-r7). */
const RULE_LINES = 8;

/**
 * Creates an element. `attrs`: `class`, `for`, `on<event>` handlers, boolean properties, others as attributes.
 * @param {string} tag
 * @param {Record<string, any> | null} [attrs]
 * @param {...(Node | string | number | null | undefined | false | Array<Node | string>)} children
 * @returns {any}
 */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'for') el.htmlFor = v;
    else if (['disabled', 'selected', 'required', 'hidden', 'checked', 'value'].includes(k)) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

let uid = 0;
const nextId = (prefix) => `${prefix}-${++uid}`;
const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const announcer = /** @type {HTMLElement} */ (document.getElementById('announce'));
const announce = (text) => {
  announcer.textContent = '';
  setTimeout(() => (announcer.textContent = text), 50);
};
const short = (s, n = 10) => (s ? (s.length > n ? s.slice(0, n) : s) : '');
const when = (iso) => (iso ? new Date(iso).toLocaleString() : '—');
const alertBox = (text) => h('p', { class: 'alert', role: 'alert' }, text);
const describe = (err) => (err instanceof ApiError ? err.describe() : `error: ${err instanceof Error ? err.message : String(err)}`);
const analysisLabel = (a) => `${a.commit ? short(a.commit, 12) : 'no commit'}${a.branch ? ` · ${a.branch}` : ''} · ${when(a.createdAt)}`;
const location_ = (f) => (f.range ? `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}` : f.pc !== undefined ? `${f.file ?? 'bytecode'} pc ${f.pc}` : (f.file ?? ''));
const sevBadge = (s) => h('span', { class: `sev sev-${SEVERITIES.includes(s) ? s : 'info'}` }, s);
const statusOf = (a) => h('span', { class: `status status-${a.status}`, 'data-status': a.status }, a.status);

/** Where to go once signed in, when a page was asked for before. */
let after = '';
/** Aborts the current page's requests, streams and timers when another page is shown. */
let pageAbort = new AbortController();

/** @param {string} text @param {ParentNode} [where] */
function setTitle(text, where) {
  document.title = `${text} · Synor`;
  if (where) where.prepend(h('h1', null, text));
}

function renderHeader() {
  const s = session();
  const nav = /** @type {HTMLElement} */ (document.getElementById('nav'));
  const who = /** @type {HTMLElement} */ (document.getElementById('who'));
  nav.replaceChildren();
  who.replaceChildren();
  if (!s) return;
  const here = location.hash || '#/';
  nav.append(h('a', { href: '#/', 'aria-current': here === '#/' || here === '#' ? 'page' : undefined }, 'Projects'));
  who.append(
    h('span', { class: 'muted', 'data-role': s.role }, `Signed in · role ${s.role}`),
    h('button', { type: 'button', id: 'sign-out', onclick: () => { signOut(); after = ''; location.hash = '#/signin'; } }, 'Sign out'),
  );
}

/** @param {string} [message] a reason to show, such as an ended session */
function signInView(message) {
  setTitle('Sign in');
  const error = h('div', { class: 'alert', role: 'alert', id: 'signin-error' }, message ?? '');
  const input = h('input', { id: 'api-key', name: 'api-key', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true, 'aria-describedby': 'key-help' });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    {
      class: 'signin',
      'aria-labelledby': 'signin-title',
      onsubmit: async (/** @type {SubmitEvent} */ ev) => {
        ev.preventDefault();
        error.textContent = '';
        button.disabled = true;
        const key = input.value;
        // The key leaves the page's memory as soon as it has been exchanged (or refused).
        input.value = '';
        try {
          await signIn(key);
          const go = after && after !== '#/signin' ? after : '#/';
          after = '';
          if (location.hash === go) void render();
          else location.hash = go;
        } catch (err) {
          error.textContent = describe(err);
          button.disabled = false;
          input.focus();
        }
      },
    },
    h('h1', { id: 'signin-title' }, 'Sign in to Synor'),
    h('label', { for: 'api-key' }, 'API key'),
    input,
    h('p', { id: 'key-help', class: 'muted' }, 'The key is exchanged for a short-lived token and not stored; the token is kept only for this tab.'),
    error,
    h('p', null, button),
  );
  main.replaceChildren(form);
  input.focus();
}

async function projectsView() {
  const root = h('div');
  setTitle('Projects', root);
  const { projects } = await get('/api/v1/projects', pageAbort.signal);
  if (projects.length === 0) root.append(h('p', { class: 'muted' }, 'No projects yet. An admin creates them with POST /api/v1/projects.'));
  else
    root.append(
      h(
        'ul',
        { class: 'cards', 'aria-label': 'Projects' },
        projects.map((p) => h('li', { 'data-project': p.id }, h('a', { href: `#/projects/${p.id}` }, p.name), p.description ? h('p', null, p.description) : null, h('p', { class: 'muted' }, `Created ${when(p.createdAt)}`))),
      ),
    );
  return root;
}

/** The tabs of a project's pages. */
function projectTabs(p, current) {
  const tab = (href, text, key) => h('a', { href, 'aria-current': current === key ? 'page' : undefined }, text);
  return h('nav', { class: 'actions', 'aria-label': 'Project' }, tab(`#/projects/${p.id}`, 'Analyses', 'analyses'), tab(`#/projects/${p.id}/trends`, 'Trends', 'trends'));
}
const crumbs = (...parts) => h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'Projects'), parts.flatMap((x) => [' › ', x]));

async function projectView(id) {
  const signal = pageAbort.signal;
  const p = await get(`/api/v1/projects/${id}`, signal);
  const root = h('div');
  setTitle(p.name, root);
  root.prepend(crumbs(p.name));
  root.append(projectTabs(p, 'analyses'));
  if (p.description) root.append(h('p', null, p.description));

  const branch = h('input', { id: 'filter-branch', name: 'branch', type: 'text' });
  const commit = h('input', { id: 'filter-commit', name: 'commit', type: 'text' });
  const status = h('select', { id: 'filter-status', name: 'status' }, h('option', { value: '' }, 'any'), ['queued', 'running', 'succeeded', 'failed', 'cancelled'].map((s) => h('option', { value: s }, s)));
  const listError = h('div', { class: 'alert', role: 'alert' });
  const tableHolder = h('div', { class: 'table-wrap' });
  const compareHolder = h('section', { 'aria-labelledby': 'compare-title' });
  let timer = 0;
  let compared = '';
  signal.addEventListener('abort', () => clearTimeout(timer));

  const load = async () => {
    clearTimeout(timer);
    const q = new URLSearchParams({ limit: '100' });
    if (branch.value.trim()) q.set('branch', branch.value.trim());
    if (commit.value.trim()) q.set('commit', commit.value.trim());
    if (status.value) q.set('status', status.value);
    let analyses;
    try {
      ({ analyses } = await get(`/api/v1/projects/${id}/analyses?${q}`, signal));
      listError.textContent = '';
    } catch (err) {
      if (signal.aborted) return;
      listError.textContent = describe(err);
      return;
    }
    tableHolder.replaceChildren(analysesTable(analyses));
    // The comparison form is rebuilt only when the analyses it offers change, so that polling never resets a choice being made.
    const succeeded = analyses.filter((a) => a.status === 'succeeded');
    const offered = succeeded.map((a) => a.id).join();
    if (!branch.value && !commit.value && !status.value && offered !== compared) {
      compared = offered;
      compareHolder.replaceChildren(...compareForm(p, succeeded));
    }
    // Queued and running analyses are followed by polling the list until they finish.
    if (analyses.some((a) => !TERMINAL.has(a.status)) && !signal.aborted) timer = setTimeout(load, 1000);
  };

  root.append(
    h('h2', null, 'Analyses'),
    h(
      'form',
      { class: 'form-row', role: 'search', 'aria-label': 'Filter analyses', onsubmit: (ev) => { ev.preventDefault(); void load(); } },
      h('label', { for: 'filter-branch' }, 'Branch', branch),
      h('label', { for: 'filter-commit' }, 'Commit', commit),
      h('label', { for: 'filter-status' }, 'Status', status),
      h('button', { type: 'submit' }, 'Filter'),
    ),
    listError,
    tableHolder,
    compareHolder,
  );
  await load();
  return root;
}

function analysesTable(analyses) {
  if (analyses.length === 0) return h('p', { class: 'muted' }, 'No analyses match.');
  return h(
    'table',
    { class: 'stack', id: 'analyses' },
    h('caption', { class: 'visually-hidden' }, 'Analyses, newest first'),
    h('thead', null, h('tr', null, ['Created', 'Commit', 'Branch', 'Status', 'Analysis'].map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      null,
      analyses.map((a) =>
        h(
          'tr',
          { 'data-analysis': a.id, 'data-commit': a.commit ?? '' },
          h('td', { 'data-label': 'Created' }, when(a.createdAt)),
          h('td', { 'data-label': 'Commit' }, a.commit ? h('code', { title: a.commit }, short(a.commit, 12)) : h('span', { class: 'muted' }, '—')),
          h('td', { 'data-label': 'Branch' }, a.branch ?? '—'),
          h(
            'td',
            { 'data-label': 'Status' },
            statusOf(a),
            !TERMINAL.has(a.status) ? [' ', h('progress', { max: 100, value: a.progress ?? 0, 'aria-label': `Progress of analysis ${short(a.id, 8)}` })] : null,
            a.reusedFrom ? h('span', { class: 'muted' }, ' (reused)') : null,
          ),
          h('td', { 'data-label': 'Analysis' }, h('a', { href: `#/analyses/${a.id}`, 'aria-label': `Open analysis ${a.commit ? short(a.commit, 12) : short(a.id, 8)}` }, 'Open')),
        ),
      ),
    ),
  );
}

/** Picks two succeeded analyses of the project for the diff page. */
function compareForm(p, succeeded) {
  const title = h('h2', { id: 'compare-title' }, 'Compare two analyses');
  if (succeeded.length < 2) return [title, h('p', { class: 'muted' }, 'A diff needs two succeeded analyses.')];
  const pick = (id, selected) => h('select', { id, name: id }, succeeded.map((a) => h('option', { value: a.id, selected: a.id === selected }, analysisLabel(a))));
  const base = pick('diff-base', succeeded[1].id);
  const head = pick('diff-head', succeeded[0].id);
  const form = h(
    'form',
    { class: 'form-row', 'aria-labelledby': 'compare-title', onsubmit: (ev) => { ev.preventDefault(); location.hash = `#/projects/${p.id}/diff?${new URLSearchParams({ base: base.value, head: head.value })}`; } },
    h('label', { for: 'diff-base' }, 'Base (older)', base),
    h('label', { for: 'diff-head' }, 'Head (newer)', head),
    h('button', { type: 'submit' }, 'Show diff'),
  );
  return [title, form];
}

async function trendsView(id) {
  const signal = pageAbort.signal;
  const [p, trends] = await Promise.all([get(`/api/v1/projects/${id}`, signal), get(`/api/v1/projects/${id}/trends?limit=100`, signal)]);
  const root = h('div');
  setTitle(`${p.name}: trends`, root);
  root.prepend(crumbs(h('a', { href: `#/projects/${p.id}` }, p.name), 'Trends'));
  root.append(projectTabs(p, 'trends'));
  const points = trends.points;
  if (points.length === 0) {
    root.append(h('p', { class: 'muted' }, 'No succeeded analyses yet.'));
    return root;
  }
  const labels = points.map((pt, i) => (pt.commit ? short(pt.commit, 7) : `#${i + 1}`));
  const present = SEVERITIES.filter((s) => points.some((pt) => pt.bySeverity[s]));
  const series = [{ name: 'total', values: points.map((pt) => pt.total) }, ...present.map((s) => ({ name: s, values: points.map((pt) => pt.bySeverity[s] ?? 0) }))];
  root.append(
    h('h2', null, 'Findings by severity over time'),
    h(
      'figure',
      { class: 'chart', 'data-points': points.length },
      lineChart({ id: 'chart-severity', title: 'Findings by severity, per analysis, oldest first', description: `${points.length} analyses; latest: ${points[points.length - 1].total} findings`, labels, series }),
      h('ul', { class: 'legend', 'aria-hidden': 'true' }, series.map((s) => h('li', null, h('span', { class: `swatch s-${s.name}` }), s.name))),
    ),
    dataTable('Findings by severity per analysis', ['Analysis', 'Finished', 'Total', ...present], points.map((pt, i) => [h('a', { href: `#/analyses/${pt.analysisId}` }, labels[i]), when(pt.at), pt.total, ...present.map((s) => pt.bySeverity[s] ?? 0)])),
  );
  const rules = [...new Set(points.flatMap((pt) => Object.keys(pt.byRule)))].sort();
  const latest = points[points.length - 1];
  // The rules with the most findings over the period get a line each; more would not be told apart.
  const weight = (r) => points.reduce((t, pt) => t + (pt.byRule[r] ?? 0), 0);
  const drawn = rules.slice().sort((x, y) => weight(y) - weight(x) || x.localeCompare(y)).slice(0, RULE_LINES);
  const ruleSeries = drawn.map((r, i) => ({ name: r, key: `r${i}`, values: points.map((pt) => pt.byRule[r] ?? 0) }));
  root.append(
    h('h2', null, 'Findings by rule over time'),
    h(
      'figure',
      { class: 'chart', 'data-points': points.length },
      lineChart({ id: 'chart-rules-time', title: 'Findings by rule, per analysis, oldest first', description: `${drawn.length} of ${rules.length} rules, those with the most findings over ${points.length} analyses`, labels, series: ruleSeries }),
      h('ul', { class: 'legend', 'aria-hidden': 'true' }, ruleSeries.map((s) => h('li', null, h('span', { class: `swatch s-${s.key}` }), s.name))),
      rules.length > drawn.length ? h('figcaption', { class: 'muted' }, `The ${drawn.length} rules with the most findings; the table below has all ${rules.length}.`) : null,
    ),
    h('h2', null, 'Findings by rule'),
    h('figure', { class: 'chart' }, h('figcaption', null, `Latest analysis (${labels[labels.length - 1]})`), barChart({ id: 'chart-rules', title: 'Findings by rule in the latest analysis', description: `${Object.keys(latest.byRule).length} rules`, entries: Object.entries(latest.byRule) })),
    dataTable('Findings by rule per analysis', ['Rule', ...labels], rules.map((r) => [r, ...points.map((pt) => pt.byRule[r] ?? 0)])),
  );
  return root;
}

/** The numbers behind a chart, as a table in a disclosure. */
function dataTable(caption, columns, rows) {
  return h(
    'details',
    null,
    h('summary', null, `${caption} (table)`),
    h('div', { class: 'table-wrap' }, h('table', null, h('caption', { class: 'visually-hidden' }, caption), h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col' }, c)))), h('tbody', null, rows.map((r) => h('tr', null, r.map((c) => h('td', null, c))))))),
  );
}

async function analysisView(id) {
  const signal = pageAbort.signal;
  const a = await get(`/api/v1/analyses/${id}`, signal);
  const p = await get(`/api/v1/projects/${a.projectId}`, signal);
  const root = h('div', { 'data-analysis': a.id, 'data-status': a.status });
  setTitle(`Analysis ${a.commit ? short(a.commit, 12) : short(a.id, 8)}`, root);
  root.prepend(crumbs(h('a', { href: `#/projects/${p.id}` }, p.name), `Analysis ${short(a.id, 8)}`));
  const progress = h('progress', { max: 100, value: a.progress ?? 0, id: 'analysis-progress', 'aria-label': 'Progress' });
  const status = statusOf(a);
  root.append(
    h(
      'dl',
      { class: 'counts' },
      [
        ['Status', h('span', null, status, !TERMINAL.has(a.status) ? [' ', progress] : null)],
        ['Commit', a.commit ? h('code', null, a.commit) : '—'],
        ['Branch', a.branch ?? '—'],
        ['Created', when(a.createdAt)],
        ['Finished', when(a.finishedAt)],
        ['Engine', a.engineVersion],
      ].map(([k, v]) => h('div', null, h('dt', { class: 'muted' }, k), h('dd', null, v))),
    ),
  );
  if (!TERMINAL.has(a.status)) {
    root.append(h('p', { class: 'muted', role: 'status' }, 'This analysis is still running; the page updates when it finishes.'));
    watch(a.id, signal, (s) => {
      status.textContent = s.status;
      status.className = `status status-${s.status}`;
      status.setAttribute('data-status', s.status);
      if (typeof s.progress === 'number') progress.value = s.progress;
    });
    return root;
  }
  if (a.status !== 'succeeded') {
    root.append(alertBox(`The analysis ${a.status}${a.error ? `: ${a.error}` : ''}.`));
    return root;
  }
  const name = `synor-${a.commit ? short(a.commit, 12) : short(a.id, 8)}`;
  const dlError = h('div', { class: 'alert', role: 'alert' });
  const dl = (url, file, text) =>
    h('button', { type: 'button', onclick: async () => {
      dlError.textContent = '';
      try {
        await download(url, file);
      } catch (err) {
        dlError.textContent = describe(err);
      }
    } }, text);
  root.append(h('div', { class: 'actions', role: 'group', 'aria-label': 'Downloads' }, dl(a.links.sarif, `${name}.sarif`, 'Download SARIF'), dl(a.links.markdown, `${name}.md`, 'Download Markdown')), dlError);
  if (a.result.gas) root.append(gasSection(a.result.gas));
  root.append(findingsSection(a, bySeverity(a.result.findings)));
  return root;
}

const n = (x) => x.toLocaleString('en-US');

/** A function's figure in words, as the reports say it: reverted with why, after a refund, per loop iteration, against a stub. */
function gasText(fn) {
  if (typeof fn.gas !== 'number') return (fn.gas === 'not-called' ? 'not measured (no call could be made)' : String(fn.gas).replace(/-/g, ' ')) + (fn.revertReason ? ` (${fn.revertReason})` : '');
  const notes = [];
  if (fn.refund) notes.push(`after a ${n(fn.refund)} refund`);
  if (fn.perIteration) notes.push(`${fn.perIteration.gas >= 0 ? '+' : ''}${n(fn.perIteration.gas)} per iteration of ${fn.perIteration.over.replace(/ \(.*$/, '')}`);
  if (fn.stubbed) notes.push('external calls answered by a stub');
  return `${n(fn.gas)}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

/** What `settings.measure` measured: one table per contract (deployment, size against EIP-170, each function), then the notes. */
function gasSection(gas) {
  const section = h('section', { 'aria-labelledby': 'gas-title', id: 'gas' }, h('h2', { id: 'gas-title' }, 'Measured gas'));
  if (gas.headline) section.append(alertBox(gas.headline));
  for (const c of gas.contracts) {
    const deploy = typeof c.deploy.gas === 'number' ? `${n(c.deploy.gas)} gas` : `failed (${c.deploy.failed})`;
    const pct = ((100 * c.runtimeSize) / c.sizeLimit).toFixed(1);
    const over = c.runtimeSize > c.sizeLimit;
    section.append(
      h(
        'div',
        { class: 'table-wrap gas-contract', 'data-contract': c.name },
        h(
          'table',
          { class: 'stack' },
          h('caption', null, h('code', null, c.name), ` — ${c.file}: deployment ${deploy}; ${n(c.runtimeSize)} bytes of runtime, ${pct}% of EIP-170's ${n(c.sizeLimit)}`, over ? h('strong', { class: 'status-failed' }, ' (over the limit: mainnet would refuse to deploy it)') : null),
          h('thead', null, h('tr', null, ['Function', 'Gas', 'Min', 'Median', 'Max', 'Scenario'].map((x) => h('th', { scope: 'col' }, x)))),
          h(
            'tbody',
            null,
            c.functions.map((fn) =>
              h(
                'tr',
                { 'data-signature': fn.signature },
                h('td', { 'data-label': 'Function', class: 'mono' }, fn.signature),
                h('td', { 'data-label': 'Gas', class: 'num' }, gasText(fn)),
                ['min', 'median', 'max'].map((k) => h('td', { 'data-label': k[0].toUpperCase() + k.slice(1), class: 'num' }, fn.stats ? n(fn.stats[k]) : '—')),
                h('td', { 'data-label': 'Scenario', class: 'msg' }, fn.scenario ?? ''),
              ),
            ),
          ),
        ),
      ),
    );
  }
  if (gas.notes.length > 0) section.append(h('details', { id: 'gas-notes', open: gas.contracts.length === 0 }, h('summary', null, `Notes (${gas.notes.length}): the compiler, and what could not be measured`), h('ul', null, gas.notes.map((x) => h('li', null, x)))));
  return section;
}

const SEVERITY_RANK = { high: 0, medium: 1, low: 2, info: 3 };

/** Most severe first, then by file and position: what a reader should look at first is on top. */
function bySeverity(findings) {
  const rank = (f) => SEVERITY_RANK[f.severity] ?? 4;
  return findings
    .slice()
    .sort((x, y) => rank(x) - rank(y) || x.file.localeCompare(y.file) || x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character);
}

/** Follows a running analysis through its event stream (polling when the stream fails), then shows the page again. */
function watch(id, signal, onProgress) {
  const done = () => {
    if (!signal.aborted) void render();
  };
  follow(id, signal, (event, data) => {
    if (event === 'progress' && data) onProgress(data);
  })
    .then(done)
    .catch(async () => {
      while (!signal.aborted) {
        await new Promise((r) => setTimeout(r, 1000));
        try {
          const now = await get(`/api/v1/analyses/${id}`, signal);
          onProgress(now);
          if (TERMINAL.has(now.status)) return done();
        } catch {
          // Retried on the next tick; an ended session shows on the next page load.
        }
      }
    });
}

function findingsSection(a, findings) {
  const s = session();
  const canTriage = s?.role === 'maintainer' || s?.role === 'admin';
  const section = h('section', { 'aria-labelledby': 'findings-title' }, h('h2', { id: 'findings-title' }, `Findings (${findings.length})`));
  if (!canTriage) section.append(h('p', { class: 'note', id: 'triage-readonly' }, `Your key's role is ${s?.role ?? 'unknown'}: triage needs a maintainer or admin key.`));
  const rules = [...new Set(findings.map((f) => f.ruleId))].sort();
  const sev = h('select', { id: 'filter-severity' }, h('option', { value: '' }, 'all'), SEVERITIES.map((x) => h('option', { value: x }, x)));
  const rule = h('select', { id: 'filter-rule' }, h('option', { value: '' }, 'all'), rules.map((x) => h('option', { value: x }, x)));
  const tri = h('select', { id: 'filter-triage' }, h('option', { value: '' }, 'all'), h('option', { value: 'untriaged' }, 'untriaged'), TRIAGE_STATES.map((x) => h('option', { value: x }, x)));
  const count = h('p', { id: 'finding-count', role: 'status' });
  /** @type {Array<{ f: any, row: HTMLTableRowElement }>} */
  const rows = [];
  const apply = () => {
    let shown = 0;
    for (const { f, row } of rows) {
      const state = f.triage?.state ?? 'untriaged';
      const ok = (!sev.value || f.severity === sev.value) && (!rule.value || f.ruleId === rule.value) && (!tri.value || state === tri.value);
      row.hidden = !ok;
      if (ok) shown++;
    }
    count.textContent = `Showing ${shown} of ${rows.length} findings`;
  };
  for (const x of [sev, rule, tri]) x.addEventListener('change', apply);
  section.append(
    h(
      'form',
      { class: 'form-row', role: 'search', 'aria-label': 'Filter findings', onsubmit: (ev) => ev.preventDefault() },
      h('label', { for: 'filter-severity' }, 'Severity', sev),
      h('label', { for: 'filter-rule' }, 'Rule', rule),
      h('label', { for: 'filter-triage' }, 'Triage', tri),
    ),
    count,
  );
  if (findings.length === 0) {
    section.append(h('p', { class: 'muted' }, 'No findings.'));
    return section;
  }
  const tbody = h('tbody');
  findings.forEach((f, i) => {
    const row = findingRow(a, f, i, canTriage, apply);
    rows.push({ f, row });
    tbody.append(row);
  });
  section.append(
    h(
      'div',
      { class: 'table-wrap' },
      h('table', { class: 'stack', id: 'findings' }, h('caption', { class: 'visually-hidden' }, 'Findings'), h('thead', null, h('tr', null, ['Severity', 'Rule', 'Location', 'Message', 'Fingerprint', 'Triage'].map((c) => h('th', { scope: 'col' }, c)))), tbody),
    ),
  );
  apply();
  return section;
}

function findingRow(a, f, i, canTriage, refilter) {
  const stateId = nextId('state');
  const reasonId = nextId('reason');
  const current = h('span', { class: 'triage-state', 'data-state': f.triage?.state ?? 'untriaged' }, f.triage ? `${f.triage.state} — ${f.triage.reason}` : 'untriaged');
  const state = h('select', { id: stateId, name: 'state', disabled: !canTriage }, TRIAGE_STATES.map((x) => h('option', { value: x, selected: f.triage?.state === x }, x)));
  const reason = h('input', { id: reasonId, name: 'reason', type: 'text', required: true, maxlength: 4000, value: f.triage?.reason ?? '', disabled: !canTriage });
  const save = h('button', { type: 'submit', disabled: !canTriage, 'aria-label': `Save triage of finding ${i + 1}` }, 'Save');
  const result = h('span', { class: 'saved', role: 'status' });
  const error = h('div', { class: 'alert', role: 'alert' });
  const clear = h(
    'button',
    {
      type: 'button',
      class: 'clear-triage',
      hidden: !f.triage,
      disabled: !canTriage,
      'aria-label': `Clear triage of finding ${i + 1}`,
      onclick: async () => {
        result.textContent = '';
        error.textContent = '';
        clear.disabled = true;
        try {
          await request('DELETE', `/api/v1/projects/${a.projectId}/triage/${encodeURIComponent(f.fingerprint)}`);
          delete f.triage;
          current.textContent = 'untriaged';
          current.setAttribute('data-state', 'untriaged');
          reason.value = '';
          clear.hidden = true;
          result.textContent = 'Cleared';
          announce('Triage cleared');
          refilter();
        } catch (err) {
          error.textContent = describe(err);
        } finally {
          clear.disabled = !canTriage;
        }
      },
    },
    'Clear',
  );
  const form = h(
    'form',
    {
      class: 'triage-form',
      'aria-label': `Triage of finding ${i + 1}: ${f.ruleId}`,
      onsubmit: async (ev) => {
        ev.preventDefault();
        result.textContent = '';
        error.textContent = '';
        save.disabled = true;
        try {
          const t = await request('PUT', `/api/v1/projects/${a.projectId}/triage/${encodeURIComponent(f.fingerprint)}`, { state: state.value, reason: reason.value.trim() });
          f.triage = t;
          current.textContent = `${t.state} — ${t.reason}`;
          current.setAttribute('data-state', t.state);
          clear.hidden = false;
          result.textContent = 'Saved';
          announce(`Triage saved: ${t.state}`);
          refilter();
        } catch (err) {
          error.textContent = describe(err);
        } finally {
          save.disabled = false;
        }
      },
    },
    h('label', { for: stateId }, 'State', state),
    h('label', { for: reasonId }, 'Reason', reason),
    save,
    clear,
    result,
  );
  return h(
    'tr',
    { 'data-fingerprint': f.fingerprint, 'data-severity': f.severity, 'data-rule': f.ruleId },
    h('td', { 'data-label': 'Severity' }, sevBadge(f.severity)),
    h('td', { 'data-label': 'Rule' }, h('code', null, f.ruleId)),
    h('td', { 'data-label': 'Location', class: 'mono' }, location_(f)),
    h('td', { 'data-label': 'Message', class: 'msg' }, f.message),
    h('td', { 'data-label': 'Fingerprint', class: 'fp' }, f.fingerprint),
    h('td', { 'data-label': 'Triage', class: 'triage' }, current, form, error),
  );
}

async function diffView(id, query) {
  const signal = pageAbort.signal;
  const base = query.get('base') ?? '';
  const head = query.get('head') ?? '';
  const p = await get(`/api/v1/projects/${id}`, signal);
  const root = h('div');
  setTitle(`${p.name}: diff`, root);
  root.prepend(crumbs(h('a', { href: `#/projects/${p.id}` }, p.name), 'Diff'));
  root.append(projectTabs(p, 'diff'));
  if (!base || !head) {
    root.append(alertBox('Choose two analyses on the project page.'));
    return root;
  }
  const [d, a, b] = await Promise.all([get(`/api/v1/analyses/${encodeURIComponent(head)}/diff?base=${encodeURIComponent(base)}`, signal), get(`/api/v1/analyses/${encodeURIComponent(head)}`, signal), get(`/api/v1/analyses/${encodeURIComponent(base)}`, signal)]);
  root.append(
    h('p', null, 'From ', h('a', { href: `#/analyses/${b.id}` }, analysisLabel(b)), ' to ', h('a', { href: `#/analyses/${a.id}` }, analysisLabel(a)), '.'),
    h(
      'ul',
      { class: 'counts', id: 'diff-summary', 'aria-label': 'Diff summary' },
      h('li', { 'data-kind': 'new' }, h('strong', { class: 'diff-new' }, d.summary.new), ' new'),
      h('li', { 'data-kind': 'fixed' }, h('strong', { class: 'diff-fixed' }, d.summary.fixed), ' fixed'),
      h('li', { 'data-kind': 'unchanged' }, h('strong', null, d.summary.unchanged), ' unchanged'),
    ),
  );
  for (const [kind, title] of [['new', 'New findings'], ['fixed', 'Fixed findings'], ['unchanged', 'Unchanged findings']]) {
    const list = d[kind];
    root.append(h('h2', null, `${title} (${list.length})`));
    if (list.length === 0) root.append(h('p', { class: 'muted' }, 'None.'));
    else
      root.append(
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'stack', 'data-kind': kind },
            h('caption', { class: 'visually-hidden' }, title),
            h('thead', null, h('tr', null, ['Severity', 'Rule', 'Location', 'Message', 'Fingerprint'].map((c) => h('th', { scope: 'col' }, c)))),
            h('tbody', null, list.map((f) => h('tr', { 'data-fingerprint': f.fingerprint }, h('td', { 'data-label': 'Severity' }, sevBadge(f.severity)), h('td', { 'data-label': 'Rule' }, h('code', null, f.ruleId)), h('td', { 'data-label': 'Location', class: 'mono' }, location_(f)), h('td', { 'data-label': 'Message', class: 'msg' }, f.message), h('td', { 'data-label': 'Fingerprint', class: 'fp' }, f.fingerprint)))),
          ),
        ),
      );
  }
  return root;
}

/** @type {Array<[RegExp, (match: RegExpExecArray, query: URLSearchParams) => Promise<Node>]>} */
const ROUTES = [
  [/^#?\/?$/, () => projectsView()],
  [/^#\/projects\/([\w-]+)$/, (m) => projectView(m[1])],
  [/^#\/projects\/([\w-]+)\/trends$/, (m) => trendsView(m[1])],
  [/^#\/projects\/([\w-]+)\/diff$/, (m, q) => diffView(m[1], q)],
  [/^#\/analyses\/([\w-]+)$/, (m) => analysisView(m[1])],
];

async function render() {
  pageAbort.abort();
  pageAbort = new AbortController();
  const signal = pageAbort.signal;
  const [path, search] = (location.hash || '#/').split('?');
  renderHeader();
  if (!session()) {
    if (path !== '#/signin') after = location.hash;
    signInView();
    return;
  }
  if (path === '#/signin') {
    location.hash = '#/';
    return;
  }
  const route = ROUTES.map(([re, view]) => ({ m: re.exec(path), view })).find((r) => r.m);
  main.setAttribute('aria-busy', 'true');
  try {
    if (!route || !route.m) throw new ApiError(404, 'not_found', `no page ${path}`, undefined);
    const page = await route.view(route.m, new URLSearchParams(search ?? ''));
    if (signal.aborted) return;
    main.replaceChildren(page);
    announce(document.title);
  } catch (err) {
    if (signal.aborted) return;
    if (err instanceof ApiError && err.status === 401) {
      // The token expired or its key was revoked: sign in again, then come back here.
      signOut();
      after = location.hash;
      renderHeader();
      signInView(`Your session ended: ${err.describe()}`);
      return;
    }
    setTitle('Error');
    main.replaceChildren(h('h1', null, 'Something went wrong'), alertBox(describe(err)), h('p', null, h('a', { href: '#/' }, 'Back to projects')));
  } finally {
    main.removeAttribute('aria-busy');
  }
}

// The skip link moves the focus without touching the hash, which names the page.
document.querySelector('.skip')?.addEventListener('click', (ev) => {
  ev.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', () => {
  // A new page starts at its top, with the focus on its content for keyboard and screen-reader users.
  void render().then(() => {
    main.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  });
});
void render();
