/**
 * `synor/findings`: every finding the server holds, for the client's findings view, triaged
 * ones included (with the decision), whether or not `synor.triagedFindings` hides them from
 * the Problems panel. The files are the open documents and those a workspace scan analysed;
 * vendored files whose findings are not published, and excluded or disabled files, are left
 * out, so the view lists exactly what Problems lists plus what triage took out of it.
 *
 * Request `synor/findings` { uri?: string } → FindingsResult
 *   With `uri`, that file only (the status bar's counts); without, every file.
 *
 * The scan's totals and the status bar count through `findingsOf` too, so the three agree.
 */
import { SEVERITIES, type Finding, type Range, type Severity } from '../../../engine/src';
import { mergeFindings } from '../../../engine/src/deep/typed';
import type { DocState } from '../documents';
import { onePerProblem } from '../dedupe';
import type { SynorService } from '../service';
import { object, optional, string, validate } from './validate';

export const FINDINGS_REQUEST = 'synor/findings';

/** One finding as the findings view shows it. */
export interface FindingEntry {
  uri: string;
  ruleId: string;
  title: string;
  category: Finding['category'];
  severity: Severity;
  confidence: Finding['confidence'];
  range: Range;
  message: string;
  fingerprint?: string;
  /**
   * The decision, when the finding is triaged away: from `.synor/triage.json` (`source: "local"`)
   * or from the team's triage on the Synor service (`"team"`; server/src/team.ts).
   */
  triage?: { state: string; reason: string; author?: string; date?: string; source?: 'local' | 'team' };
  fixes: number;
}

export interface FindingsResult {
  files: Array<{ uri: string; version: number | null; findings: FindingEntry[] }>;
  /** Untriaged findings by severity: what Problems and the scan count. */
  bySeverity: Record<Severity, number>;
  triaged: number;
}

const FINDINGS_PARAMS = optional(object<{ uri?: string }>({ uri: optional(string) }));

/**
 * The findings of one document state as the editor shows them, with those triaged away
 * marked (`triage`); undefined when nothing of the file is shown (not analysed, excluded,
 * disabled, or vendored with `synor.showVendoredFindings` off).
 */
export function findingsOf(svc: SynorService, state: DocState): Finding[] | undefined {
  const fast = state.fast;
  if (!fast || state.display?.hidden) return undefined;
  const deep = state.deep;
  // The same merge as the published diagnostics (service.ts): the deep tier's findings for this text replace the fast tier's.
  const current = deep?.result && deep.hash === fast.hash ? onePerProblem(mergeFindings(fast.findings, deep.result)) : fast.findings;
  return svc.triage.annotated(state.path, current);
}

export function onFindings(svc: SynorService, raw: unknown): FindingsResult {
  const params = validate(raw ?? undefined, FINDINGS_PARAMS, FINDINGS_REQUEST);
  const result: FindingsResult = { files: [], bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>, triaged: 0 };
  const states = params?.uri ? [svc.store.get(params.uri)].filter((s): s is DocState => !!s) : svc.store.all();
  for (const state of states) {
    const findings = findingsOf(svc, state);
    if (!findings) continue;
    const entries = findings.map((f) => toEntry(state.uri, f));
    for (const e of entries) {
      if (e.triage) result.triaged++;
      else result.bySeverity[e.severity]++;
    }
    result.files.push({ uri: state.uri, version: state.fast?.version ?? null, findings: entries });
  }
  result.files.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  return result;
}

function toEntry(uri: string, f: Finding): FindingEntry {
  return {
    uri,
    ruleId: f.ruleId,
    title: f.title,
    category: f.category,
    severity: f.severity,
    confidence: f.confidence,
    range: f.range,
    message: f.message,
    ...(f.fingerprint ? { fingerprint: f.fingerprint } : {}),
    ...(f.triage ? { triage: f.triage } : {}),
    fixes: f.fixes.length,
  };
}
