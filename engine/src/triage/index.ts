/**
 * Baseline and triage files: plain data in, plain data out. Reading and
 * writing them on disk is the caller's (the CLI's, the server's) business.
 *
 * `.synor/baseline.json`: the findings a project accepts as they are today,
 * by fingerprint; later runs report only findings not in it.
 * `.synor/triage.json`: a person's decision about one finding, by fingerprint.
 * Both are sorted and pretty-printed so that they diff well in review.
 */
import { FINGERPRINT_VERSION } from '../fingerprint';
import type { Finding } from '../types';

export interface BaselineEntry {
  fingerprint: string;
  rule: string;
  file: string;
  message: string;
  /** The first line of the flagged code, trimmed and cut short: for people reading the file. */
  excerpt: string;
}

export interface Baseline {
  version: 1;
  fingerprints: typeof FINGERPRINT_VERSION;
  findings: BaselineEntry[];
}

export const TRIAGE_STATES = ['false-positive', 'accepted-risk', 'wont-fix', 'confirmed'] as const;
export type TriageState = (typeof TRIAGE_STATES)[number];

export interface TriageEntry {
  state: TriageState;
  reason: string;
  author: string;
  /** ISO 8601 date (`2026-12-07`) or date and time. */
  date: string;
  /** What the finding was, for people reading the file; not used for matching. */
  rule?: string;
  file?: string;
  message?: string;
}

export interface TriageFile {
  version: 1;
  fingerprints: typeof FINGERPRINT_VERSION;
  /** By fingerprint. */
  findings: Record<string, TriageEntry>;
}

/** A baseline or triage file that cannot be used, with the file and what is wrong. */
export class TriageFileError extends Error {}

const EXCERPT_MAX = 80;

/** The first non-blank line of a finding's flagged code, trimmed and cut at 80 characters. */
export function findingExcerpt(f: Finding, source: string | undefined): string {
  if (source === undefined) return '';
  const lines = source.split(/\r\n|\r|\n/);
  const first = lines[f.range.start.line];
  if (first === undefined) return '';
  const endChar = f.range.end.line === f.range.start.line ? f.range.end.character : first.length;
  let text = first.slice(f.range.start.character, endChar).trim();
  if (text === '') text = first.trim();
  return text.length > EXCERPT_MAX ? text.slice(0, EXCERPT_MAX - 1) + '…' : text;
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return a.file.localeCompare(b.file) || a.rule.localeCompare(b.rule) || a.fingerprint.localeCompare(b.fingerprint) || a.message.localeCompare(b.message);
}

/** A baseline of these findings; `fileName` names each finding's file as the baseline should (relative, `/`). */
export function makeBaseline(findings: readonly Finding[], sources: ReadonlyMap<string, string>, fileName: (file: string) => string = (f) => f): Baseline {
  const entries = findings
    .filter((f) => f.fingerprint)
    .map((f) => ({ fingerprint: f.fingerprint!, rule: f.ruleId, file: fileName(f.file), message: f.message, excerpt: findingExcerpt(f, sources.get(f.file)) }));
  return { version: 1, fingerprints: FINGERPRINT_VERSION, findings: entries.sort(compareEntries) };
}

export function renderBaseline(b: Baseline): string {
  return JSON.stringify({ version: b.version, fingerprints: b.fingerprints, findings: [...b.findings].sort(compareEntries) }, null, 2) + '\n';
}

function parseJson(text: string, file: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new TriageFileError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new TriageFileError(`${file}: expected a JSON object`);
  const o = v as Record<string, unknown>;
  if (o.version !== 1) throw new TriageFileError(`${file}: unsupported version ${JSON.stringify(o.version)} (expected 1)`);
  if (o.fingerprints !== undefined && o.fingerprints !== FINGERPRINT_VERSION) throw new TriageFileError(`${file}: written with fingerprints ${JSON.stringify(o.fingerprints)}, this Synor computes ${FINGERPRINT_VERSION}; write it again`);
  return o;
}

export function parseBaseline(text: string, file: string): Baseline {
  const o = parseJson(text, file);
  if (!Array.isArray(o.findings)) throw new TriageFileError(`${file}: "findings" must be an array`);
  const findings = o.findings.map((e, i) => {
    const x = e as Partial<BaselineEntry>;
    if (!x || typeof x.fingerprint !== 'string' || x.fingerprint === '') throw new TriageFileError(`${file}: findings[${i}] has no "fingerprint"`);
    return { fingerprint: x.fingerprint, rule: String(x.rule ?? ''), file: String(x.file ?? ''), message: String(x.message ?? ''), excerpt: String(x.excerpt ?? '') };
  });
  return { version: 1, fingerprints: FINGERPRINT_VERSION, findings };
}

/**
 * Findings against a baseline, matched by fingerprint as multisets: two equal
 * findings in the baseline absorb two today, not more. `unmatched` are the
 * baseline's entries found no more (fixed, or changed beyond recognition).
 */
export function matchBaseline<F extends Finding>(findings: readonly F[], baseline: Baseline): { fresh: F[]; matched: F[]; unmatched: BaselineEntry[] } {
  const left = new Map<string, BaselineEntry[]>();
  for (const e of baseline.findings) {
    const list = left.get(e.fingerprint);
    if (list) list.push(e);
    else left.set(e.fingerprint, [e]);
  }
  const fresh: F[] = [];
  const matched: F[] = [];
  for (const f of findings) {
    const list = f.fingerprint ? left.get(f.fingerprint) : undefined;
    if (list && list.length > 0) {
      list.pop();
      matched.push(f);
    } else fresh.push(f);
  }
  return { fresh, matched, unmatched: [...left.values()].flat().sort(compareEntries) };
}

export function parseTriage(text: string, file: string): TriageFile {
  const o = parseJson(text, file);
  const raw = o.findings ?? {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new TriageFileError(`${file}: "findings" must be an object keyed by fingerprint`);
  const findings: Record<string, TriageEntry> = {};
  for (const [fp, e] of Object.entries(raw as Record<string, unknown>)) {
    const x = e as Partial<TriageEntry>;
    if (!x || typeof x !== 'object') throw new TriageFileError(`${file}: findings["${fp}"] must be an object`);
    if (!TRIAGE_STATES.includes(x.state as TriageState)) throw new TriageFileError(`${file}: findings["${fp}"].state must be one of ${TRIAGE_STATES.join(', ')}`);
    findings[fp] = {
      state: x.state as TriageState,
      reason: String(x.reason ?? ''),
      author: String(x.author ?? ''),
      date: String(x.date ?? ''),
      ...(x.rule !== undefined ? { rule: String(x.rule) } : {}),
      ...(x.file !== undefined ? { file: String(x.file) } : {}),
      ...(x.message !== undefined ? { message: String(x.message) } : {}),
    };
  }
  return { version: 1, fingerprints: FINGERPRINT_VERSION, findings };
}

export function renderTriage(t: TriageFile): string {
  const findings = Object.fromEntries(Object.keys(t.findings).sort().map((k) => [k, t.findings[k]]));
  return JSON.stringify({ version: 1, fingerprints: FINGERPRINT_VERSION, findings }, null, 2) + '\n';
}

export function emptyTriage(): TriageFile {
  return { version: 1, fingerprints: FINGERPRINT_VERSION, findings: {} };
}

/** Whether a triage state takes a finding out of reports and exit codes (every state but `confirmed`). */
export function hidesFinding(state: TriageState): boolean {
  return state !== 'confirmed';
}

/** Findings split by triage: `hidden` are those triaged as anything but `confirmed`. */
export function applyTriage<F extends Finding>(findings: readonly F[], triage: TriageFile): { shown: F[]; hidden: F[] } {
  const shown: F[] = [];
  const hidden: F[] = [];
  for (const f of findings) {
    const e = f.fingerprint ? triage.findings[f.fingerprint] : undefined;
    if (e && hidesFinding(e.state)) hidden.push(f);
    else shown.push(f);
  }
  return { shown, hidden };
}
