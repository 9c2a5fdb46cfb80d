/**
 * `workspace/executeCommand` handlers. Arguments are positional, as LSP sends
 * them; every command takes one object argument (a bare string is also
 * accepted for its `uri`, or `ruleId` for synor.showDocumentation). A malformed
 * request (an unknown command, an argument of the wrong type) is answered with
 * −32602 invalid params, naming the field (see validate.ts); errors while the
 * command runs come back as a result with `error`, so the client can show them.
 *
 * synor.report  [{ uri }] → DocumentReport
 *   The full-contract report of an open (or on-disk) document: `report` is the
 *   engine's Report (summary, per-contract `risk`, `findings`, `gas`, errors,
 *   notes), plus `gasTable` (one row per measured function), `contracts` (the
 *   deep tier's ContractReport: deploy gas, runtime/initcode size vs EIP-170,
 *   opcodes, selectors), `fixes` (every fix with its safety and any measured
 *   gas), `deep` ({ status: 'done'|'pending'|'unavailable', reason?, compiler?,
 *   timings? }) and `stats` (lines, parseMs, rulesMs). Waits up to 60 s for the
 *   deep tier when its result for the current text is missing.
 *
 * synor.scanWorkspace  [{ folders?: string[] (file URIs) }] → ScanResult
 *   Analyses every .sol file under the workspace folders (node_modules, lib,
 *   .git, out, cache and excluded files skipped) in the background, publishing
 *   diagnostics for each; open documents keep priority. Reports progress with
 *   window/workDoneProgress (the request's workDoneToken, or a server-created
 *   one) and stops when cancelled. Result: { files, analysed, findings,
 *   bySeverity, byFile: [{ uri, findings }], ms, cancelled }.
 *
 * synor.fixAll  [{ uri, version?, ruleId? }] → { applied, fixes, reason?, skipped? }
 *   Applies the safe fixes of every finding (of one rule when `ruleId` is
 *   given), computed together and re-checked by the engine (a fix whose result
 *   would not parse or would raise a new finding is left out), through
 *   workspace/applyEdit as one versioned edit; `fixes` counts the fixes applied,
 *   `skipped` lists those left out with the reason. Refused (`applied: false,
 *   reason`) when `version` is given and the document has moved on, or when the
 *   published results are older than the text.
 *
 * synor.measureFunction  [{ uri, position?: Position, name?: string, contract?: string }]
 *   → { status: 'done', contract, function: FunctionGas } | { status: 'pending'|'unavailable'|'not-found', reason }
 *   Measured gas of the function at `position` (or named `name`), running the
 *   deep tier on the current text if it has not run yet.
 *
 * synor.showDocumentation  [ruleId] → { shown: boolean, uri }
 *   Opens the rule's documentation page (window/showDocument); used by the
 *   "Show documentation" code action.
 *
 * synor.triage  [{ uri, fingerprint, state, reason, ruleId?, message? }] → { written: string }
 *   Records a triage decision (false-positive, accepted-risk, wont-fix,
 *   confirmed) for the finding with that fingerprint in the nearest
 *   `.synor/triage.json` above the file (else a new one in its workspace
 *   folder), then publishes the document again: findings triaged other than
 *   confirmed are not shown (server/src/triage.ts).
 *
 * synor.applyFix  [{ uri, version, kind: 'fix'|'fixRule', index?, fixIndex?, ruleId? }] → { applied, reason? }
 *   Applies one fix of the published finding `index` (or the first fix of every
 *   finding of `ruleId`), safe or unsafe, as one versioned workspace/applyEdit.
 *   The code action of an unsafe fix runs the client's `synor.applyUnsafeFix`,
 *   which asks the user (a modal that gives the fix's unsafe reason) and then
 *   calls this. Refused when the document moved on from `version`.
 *
 * Initialization options the server reads: { workspaceTrusted?: boolean,
 * confirmUnsafeFixes?: boolean (the client runs `synor.applyUnsafeFix` itself;
 * see codeActions.ts) }
 * (default false: until the client says `true`, the deep tier loads only the
 * compilers bundled with Synor, never the workspace's node_modules/solc nor
 * `synor.compilerPath`). Notification
 * `synor/activeDocument` { uri } tells the server which document is in front,
 * so its analysis goes first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ResponseError, type CancellationToken, type ExecuteCommandParams, type WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { buildReport, ruleMap, SEVERITIES, TRIAGE_STATES, type TriageState, type AnalysisResult, type Position, type Range, type Report, type Severity, type Finding, type FindingGas } from '../../../engine/src';
import type { SynorService } from '../service';
import { pathToUri, uriToPath } from '../settings';
import { docsUri } from '../convert';
import type { ContractReport, FunctionGas } from '../deepTier';
import { matchFunction } from './codeLens';
import { findingsOf } from './findings';
import { ACTION_DATA, applyFix } from './codeActions';
import { anything, array, integer, literal, object, optional, position, string, validate, type Check } from './validate';

export const COMMANDS = ['synor.report', 'synor.scanWorkspace', 'synor.fixAll', 'synor.measureFunction', 'synor.showDocumentation', 'synor.triage', 'synor.applyFix'] as const;

export interface DocumentReport {
  uri: string;
  version: number | null;
  report: Report;
  gasTable: Array<{ contract: string; function: string; signature: string; selector: string; gas: number | 'reverted' | 'not-called'; revertReason?: string }>;
  contracts: ContractReport[];
  fixes: Array<{ index: number; ruleId: string; range: Range; title: string; safety: 'safe' | 'unsafe'; gas?: unknown }>;
  deep: { status: 'done' | 'pending' | 'unavailable'; reason?: string; compiler?: { version: string; source: string }; timings?: unknown };
  stats: { lines: number; parseMs: number; rulesMs: number };
}

export interface ScanResult {
  files: number;
  analysed: number;
  findings: number;
  bySeverity: Record<Severity, number>;
  byFile: Array<{ uri: string; findings: number }>;
  ms: number;
  cancelled: boolean;
}

/** Folders a scan never enters: dependencies and build output. */
const SKIP_DIRS = new Set(['node_modules', '.git', 'lib', 'out', 'cache', 'artifacts', 'build', 'dist', '.deps']);

const EXECUTE_COMMAND_PARAMS = object<ExecuteCommandParams>({ command: literal(...COMMANDS), arguments: optional(array(anything)) });

/** A command's one argument: an object, or a bare string standing for its `key` (a URI or a rule id). */
function argument<T>(key: string, shape: Parameters<typeof object<T>>[0]): Check<T> {
  const asObject = object<T>(shape);
  return (v, at) => (typeof v === 'string' ? asObject({ [key]: v }, at) : asObject(v, at));
}

const ARGUMENTS = {
  'synor.report': argument<{ uri: string }>('uri', { uri: string }),
  'synor.scanWorkspace': optional(object<{ folders?: string[] }>({ folders: optional(array(string)) })),
  'synor.fixAll': argument<{ uri: string; version?: number; ruleId?: string }>('uri', { uri: string, version: optional(integer), ruleId: optional(string) }),
  'synor.measureFunction': argument<{ uri: string; position?: Position; name?: string; contract?: string }>('uri', { uri: string, position: optional(position), name: optional(string), contract: optional(string) }),
  'synor.showDocumentation': argument<{ ruleId: string }>('ruleId', { ruleId: string }),
  'synor.triage': argument<{ uri: string; fingerprint: string; state: TriageState; reason: string; ruleId?: string; message?: string }>('uri', {
    uri: string,
    fingerprint: string,
    state: literal(...TRIAGE_STATES),
    reason: string,
    ruleId: optional(string),
    message: optional(string),
  }),
  'synor.applyFix': ACTION_DATA,
} satisfies Record<(typeof COMMANDS)[number], Check<unknown>>;

export async function onExecuteCommand(svc: SynorService, raw: ExecuteCommandParams, token: CancellationToken, progress: WorkDoneProgressReporter, hasClientToken: boolean): Promise<unknown> {
  // Malformed requests are answered −32602; what goes wrong while running a command is a result with `error`.
  const params = validate(raw, EXECUTE_COMMAND_PARAMS, 'workspace/executeCommand');
  const arg = params.arguments?.[0];
  const argOf = <T>(check: Check<T>): T => validate(arg, check, `workspace/executeCommand ${params.command}`, 'params.arguments[0]');
  try {
    switch (params.command) {
      case 'synor.report': {
        const a = argOf(ARGUMENTS[params.command]);
        return await report(svc, a.uri);
      }
      case 'synor.scanWorkspace': {
        const a = argOf(ARGUMENTS[params.command]);
        return await scanWorkspace(svc, a?.folders, token, progress, hasClientToken);
      }
      case 'synor.fixAll': {
        const a = argOf(ARGUMENTS[params.command]);
        return await fixAll(svc, a.uri, a.version, a.ruleId);
      }
      case 'synor.measureFunction': {
        const a = argOf(ARGUMENTS[params.command]);
        return await measureFunction(svc, a.uri, a.position, a.name, a.contract);
      }
      case 'synor.triage': {
        const a = argOf(ARGUMENTS[params.command]);
        const file = uriToPath(a.uri);
        if (!file) return { error: 'triage needs a file on disk' };
        if (!/^[0-9a-f]{8,64}$/.test(a.fingerprint)) return { error: `not a fingerprint: ${a.fingerprint}` };
        const written = svc.triage.record(file, svc.rootFor(file), { fingerprint: a.fingerprint, ruleId: a.ruleId ?? '', message: a.message ?? '' }, a.state, a.reason);
        if (svc.store.get(a.uri)) svc.publish(a.uri);
        return { written };
      }
      case 'synor.applyFix': {
        const a = argOf(ARGUMENTS[params.command]);
        return await applyFix(svc, a);
      }
      case 'synor.showDocumentation': {
        const { ruleId } = argOf(ARGUMENTS[params.command]);
        // Only known ids: the id becomes part of a file path.
        if (!ruleMap().has(ruleId)) return { shown: false, error: `unknown rule ${ruleId}` };
        const uri = docsUri(ruleId);
        if (!svc.features.showDocument) return { shown: false, uri };
        const r = await svc.connection.window.showDocument({ uri, takeFocus: true });
        return { shown: r.success, uri };
      }
    }
  } catch (err) {
    if (err instanceof ResponseError) throw err;
    svc.log[svc.shuttingDown ? 'debug' : 'error']('command failed', { command: params.command, error: (err as Error)?.stack ?? String(err) });
    return { error: (err as Error)?.message ?? String(err) };
  }
}

async function report(svc: SynorService, uri: string): Promise<DocumentReport | { error: string }> {
  if (!uri) return { error: 'synor.report needs { uri }' };
  const fast = await svc.fastFor(uri);
  if (!fast) return { error: 'the document could not be analysed (closed, excluded or disabled)' };
  const state = svc.store.get(uri)!;
  const deep = svc.documents.get(uri) ? await svc.deepFor(uri) : undefined;
  const file = uriToPath(uri) ?? uri;
  // What is shown, then what was triaged away (with the decision), which the report lists apart.
  const visible = svc.triage.visible(file, (state.published?.version === fast.version ? state.published.findings : fast.findings).filter((f) => !f.triage));
  // The Gas column: each gas hint's fix measured (or found measured ahead of time) for this text.
  const fixGas = deep?.result && !deep.result.unavailable ? await measureReportFixes(svc, uri, visible) : new Map<Finding, FindingGas[]>();
  const shown = visible.map((f) => {
    const g = fixGas.get(f);
    if (!g) return f;
    return { ...f, gas: g[0] ? { ...f.gas, ...g[0] } : f.gas, fixes: f.fixes.map((x, k) => (g[k] ? ({ ...x, gas: g[k] } as typeof x) : x)) };
  });
  const triaged = svc.triage.annotated(file, fast.findings).filter((f) => f.triage);
  const result: AnalysisResult = { file, findings: [...shown, ...triaged], parseErrors: [], ruleErrors: fast.ruleErrors, stats: fast.stats, aborted: false };
  const contracts = deep?.result?.contracts ?? [];
  const notes: string[] = [];
  if (deep?.result?.compiler) notes.push(`compiler: solc ${deep.result.compiler.version} (${deep.result.compiler.source})`);
  const reason = deep?.unavailable ?? deep?.result?.unavailable ?? (deep === undefined ? svc.deepStatus.reason : undefined);
  if (reason) notes.push(`gas not measured: ${reason}`);
  const rep = buildReport({ results: [result], gas: contracts.map((c) => ({ name: c.name, file: c.file, deploy: c.deploy, runtimeSize: c.runtimeSize, sizeLimit: c.sizeLimit, functions: c.functions, opcodes: c.opcodes })), bytecode: deep?.result?.bytecode, notes });
  const status: DocumentReport['deep']['status'] = deep?.result ? 'done' : deep?.pending ? 'pending' : 'unavailable';
  return {
    uri,
    version: fast.version,
    report: rep,
    gasTable: contracts.flatMap((c) => c.functions.map((g) => ({ contract: c.name, function: g.name, signature: g.signature, selector: g.selector, gas: g.gas, revertReason: g.revertReason }))),
    contracts,
    fixes: shown.flatMap((f, index) => f.fixes.map((x, k) => ({ index, ruleId: f.ruleId, range: f.range, title: x.title, safety: x.safety, gas: fixGas.get(visible[index])?.[k] ?? f.gas }))),
    deep: { status, reason: status === 'done' ? deep?.result?.unavailable : reason, compiler: deep?.result?.compiler, timings: deep?.result?.timings },
    stats: { lines: fast.stats.lines, parseMs: fast.stats.parseMs, rulesMs: fast.stats.rulesMs },
  };
}

/** How many fixes a report measures at most, and for how long: the rest keep their estimate, labelled as one. */
export const REPORT_FIX_CAP = 16;
export const REPORT_FIX_BUDGET_MS = 30_000;

/**
 * Measures the fixes of the report's gas hints through the deep tier's cache
 * (deepTier.ts): a fix measured ahead of time after a save, or resolved as a
 * quick fix, is not measured again. Bounded by REPORT_FIX_CAP and
 * REPORT_FIX_BUDGET_MS; stops when the document changes.
 */
async function measureReportFixes(svc: SynorService, uri: string, findings: Finding[]): Promise<Map<Finding, FindingGas[]>> {
  const out = new Map<Finding, FindingGas[]>();
  const engine = svc.deepEngine;
  const doc = svc.documents.get(uri);
  if (!engine || !doc) return out;
  const version = doc.version;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REPORT_FIX_BUDGET_MS);
  timer.unref();
  try {
    const req = await svc.deepRequest(uri, controller.signal);
    if (!req) return out;
    let n = 0;
    for (const f of findings) {
      if (f.category !== 'gas') continue;
      for (let k = 0; k < f.fixes.length; k++) {
        if (n++ >= REPORT_FIX_CAP || controller.signal.aborted || svc.documents.get(uri)?.version !== version) return out;
        const gas = await engine.measureFix(req, f, k);
        const list = out.get(f) ?? [];
        list[k] = gas;
        out.set(f, list);
      }
    }
  } catch (err) {
    if (!controller.signal.aborted) svc.log.warn('report: could not measure fixes', { file: svc.displayPath(uri), error: (err as Error)?.message ?? String(err) });
  } finally {
    clearTimeout(timer);
  }
  return out;
}

async function fixAll(svc: SynorService, uri: string, version: number | undefined, ruleId: string | undefined): Promise<{ applied: boolean; fixes: number; reason?: string; skipped?: Array<{ ruleId: string; line: number; title: string; reason: string }> }> {
  const doc = svc.documents.get(uri);
  if (!doc) return { applied: false, fixes: 0, reason: 'the document is not open' };
  if (version !== undefined && version !== doc.version) return { applied: false, fixes: 0, reason: `the document changed (version ${doc.version}, asked for ${version})` };
  const fast = await svc.fastFor(uri);
  const published = svc.store.get(uri)?.published;
  if (!fast || !published || published.version !== doc.version) return { applied: false, fixes: 0, reason: 'the results are older than the document' };
  const fix = await svc.fixAll(uri, doc.version, ruleId ? { rules: [ruleId] } : {});
  if (!fix) return { applied: false, fixes: 0, reason: 'the document changed while its fixes were computed' };
  const skipped = fix.skipped.filter((k) => k.reason !== 'unsafe').map((k) => ({ ruleId: k.ruleId, line: k.range.start.line, title: k.title, reason: k.detail }));
  const edits = fix.edits;
  if (edits.length === 0) return { applied: false, fixes: 0, reason: 'nothing to fix safely', ...(skipped.length > 0 ? { skipped } : {}) };
  const edit = svc.features.documentChanges ? { documentChanges: [{ textDocument: { uri, version: doc.version }, edits }] } : { changes: { [uri]: edits } };
  const r = await svc.connection.workspace.applyEdit({ label: 'Synor: fix all safely fixable problems', edit });
  svc.log.info('fix all', { file: svc.displayPath(uri), version: doc.version, fixes: fix.applied.length, skipped: skipped.length, applied: r.applied });
  return r.applied ? { applied: true, fixes: fix.applied.length, ...(skipped.length > 0 ? { skipped } : {}) } : { applied: false, fixes: 0, reason: r.failureReason ?? 'the client did not apply the edit' };
}

async function measureFunction(svc: SynorService, uri: string, position: Position | undefined, name: string | undefined, contract: string | undefined): Promise<unknown> {
  if (!svc.documents.get(uri)) return { status: 'not-found', reason: 'the document is not open' };
  const fast = await svc.fastFor(uri);
  const outline = fast?.outline ?? [];
  let target: { contract: string; fn: (typeof outline)[number]['functions'][number] } | undefined;
  for (const c of outline) {
    if (contract && c.name !== contract) continue;
    for (const fn of c.functions) {
      const inside = position && (position.line > fn.range.start.line || (position.line === fn.range.start.line && position.character >= fn.range.start.character)) && (position.line < fn.range.end.line || (position.line === fn.range.end.line && position.character <= fn.range.end.character));
      if (inside || (!position && name && fn.name === name)) target = { contract: c.name, fn };
    }
  }
  if (!target) return { status: 'not-found', reason: position ? 'no function at that position' : `no function named ${name ?? '(none given)'}` };
  const deep = await svc.deepFor(uri);
  if (!deep?.result) return { status: deep?.pending ? 'pending' : 'unavailable', reason: deep?.unavailable ?? svc.deepStatus.reason ?? 'the deep tier has not finished' };
  const rep = deep.result.contracts.find((c) => c.name === target!.contract);
  const g: FunctionGas | undefined = rep ? matchFunction(rep, target.fn) : undefined;
  if (!g) return { status: 'not-found', reason: `${target.contract}.${target.fn.name} was not measured (internal, or the contract was not deployed)` };
  return { status: 'done', contract: target.contract, function: g };
}

async function scanWorkspace(svc: SynorService, folders: string[] | undefined, token: CancellationToken, attached: WorkDoneProgressReporter, hasClientToken: boolean): Promise<ScanResult> {
  const t0 = performance.now();
  let progress: WorkDoneProgressReporter = attached;
  let serverToken: CancellationToken | undefined;
  if (!hasClientToken && svc.features.workDoneProgress) {
    try {
      const p = await svc.connection.window.createWorkDoneProgress();
      progress = p;
      serverToken = p.token;
    } catch {
      // The client refused a progress token; scan without showing progress.
    }
  }
  const cancelled = () => token.isCancellationRequested || !!serverToken?.isCancellationRequested;
  const roots = (folders && folders.length > 0 ? folders.map((f) => uriToPath(f)).filter((f): f is string => !!f) : svc.configs.roots).filter((r) => fs.existsSync(r));
  progress.begin('Synor: scanning the workspace', 0, 'finding Solidity files…', true);
  const files: string[] = [];
  for (const r of roots) await collect(r, files, cancelled);
  const summary: ScanResult = { files: files.length, analysed: 0, findings: 0, bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>, byFile: [], ms: 0, cancelled: false };
  svc.log.info('workspace scan started', { files: files.length, roots: roots.length });
  const uris = files.map((f) => pathToUri(f));
  // Queue everything at background priority; open documents and new edits still go first.
  const outcomes = uris.map((uri) => svc.scanFile(uri).then((outcome) => ({ uri, outcome })));
  let done = 0;
  const cancelWatch = setInterval(() => {
    if (cancelled()) for (const u of uris) svc.scheduler.cancel(u);
  }, 100);
  try {
    for (const p of outcomes) {
      const { uri, outcome } = await p;
      done++;
      if (outcome === 'done') {
        const state = svc.store.get(uri);
        if (state?.fast) {
          summary.analysed++;
          // Counted as the Problems panel, the findings view and the status bar count: vendored
          // files whose findings are not published and triaged findings are left out.
          const shown = (findingsOf(svc, state) ?? []).filter((f) => !f.triage);
          summary.findings += shown.length;
          for (const f of shown) summary.bySeverity[f.severity]++;
          if (shown.length > 0) summary.byFile.push({ uri, findings: shown.length });
        }
      }
      if (done % 5 === 0 || done === uris.length) progress.report(Math.round((done / Math.max(1, uris.length)) * 100), `${done}/${uris.length} files`);
    }
  } finally {
    clearInterval(cancelWatch);
  }
  summary.cancelled = cancelled();
  summary.ms = Math.round(performance.now() - t0);
  progress.done();
  svc.log.info('workspace scan finished', { files: summary.files, analysed: summary.analysed, findings: summary.findings, ms: summary.ms, cancelled: summary.cancelled });
  return summary;
}

async function collect(dir: string, out: string[], cancelled: () => boolean): Promise<void> {
  if (cancelled()) return;
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) await collect(p, out, cancelled);
    } else if (e.isFile() && e.name.endsWith('.sol')) {
      out.push(p);
    }
  }
}
