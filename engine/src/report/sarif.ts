import { listRules } from '../rules';
import type { Finding, RuleMeta, Severity } from '../types';
import { describeSkipped, type Report } from './model';
import { FINGERPRINT_VERSION } from '../fingerprint';
import { DETECTORS } from '../bytecode/detectors';

/** SARIF's level for a severity. */
export const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub code scanning reads `security-severity` (0–10) to rank security alerts. */
export const SECURITY_SEVERITY: Record<Severity, string> = { high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

export interface SarifOptions {
  /** Base of the rules' help pages; defaults to the pages in the repository. */
  docsBaseUri?: string;
  /** Converts a finding's file to the URI written in the log (relative paths are kept relative). */
  toUri?: (file: string) => string;
}

export const DEFAULT_DOCS = 'https://github.com/synor-dev/synor/blob/main/';

/** One run of a SARIF log: the driver's version and rules, the results, how the run went and its properties. */
export interface SarifRun {
  version: string;
  rules: unknown[];
  results: unknown[];
  /** Whether the run succeeded, with its notifications (errors, notes) and any properties. */
  invocation: { successful: boolean; notifications: unknown[]; properties?: Record<string, unknown> };
  properties?: Record<string, unknown>;
}

/** The SARIF 2.1.0 envelope every Synor log shares (the report's and `synor bytecode`'s), as JSON text. */
export function sarifLog(run: SarifRun): string {
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Synor', version: run.version, informationUri: DEFAULT_DOCS, rules: run.rules } },
        invocations: [{ executionSuccessful: run.invocation.successful, toolExecutionNotifications: run.invocation.notifications, ...(run.invocation.properties ? { properties: run.invocation.properties } : {}) }],
        results: run.results,
        ...(run.properties ? { properties: run.properties } : {}),
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

const pascal = (id: string) =>
  id
    .split('-')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');

/** A rule descriptor per bytecode detector, with its help at its section of docs/bytecode.md. */
export function bytecodeDescriptors(docs: string = DEFAULT_DOCS) {
  return DETECTORS.map((d) => ({
    id: d.id,
    name: pascal(d.id),
    shortDescription: { text: d.title },
    helpUri: `${docs}docs/bytecode.md#${d.id}`,
    help: { text: `${d.title}. See docs/bytecode.md#${d.id}.` },
    defaultConfiguration: { level: LEVEL[d.severity] },
    properties: { tags: ['security', 'bytecode', ...(d.swc ? [d.swc] : [])], precision: d.confidence, 'security-severity': SECURITY_SEVERITY[d.severity] },
  }));
}

/** SARIF 2.1.0, one rule descriptor per rule, results with 1-based regions. */
export function renderSarif(report: Report, options: SarifOptions = {}): string {
  const docs = options.docsBaseUri ?? DEFAULT_DOCS;
  const toUri = options.toUri ?? ((f: string) => f.split('\\').join('/'));
  const all = report.triaged ? [...report.findings, ...report.triaged] : report.findings;
  // The bytecode detectors are rules of the log when the code was analysed (the deep tier, --measure).
  const detectorIds = new Set(DETECTORS.map((d) => d.id));
  const withBytecode = report.bytecode !== undefined || all.some((f) => detectorIds.has(f.ruleId));
  const rules = [...listRules().map((r) => descriptor(r, docs)), ...(withBytecode ? bytecodeDescriptors(docs) : [])];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return sarifLog({
    version: report.tool.version,
    rules,
    invocation: {
      successful: report.errors.length === 0,
      notifications: [
        ...(report.headline ? [{ level: 'error', message: { text: report.headline } }] : []),
        ...report.errors.map((e) => ({
          level: 'error',
          message: { text: e.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: toUri(e.file) } } }],
        })),
        ...describeSkipped(report.skipped).map((s) => ({ level: 'note', message: { text: `Not analysed: ${s.text} (${s.why}).` } })),
      ],
      ...(report.skipped ? { properties: { skipped: report.skipped } } : {}),
    },
    results: all.map((f) => result(f, index.get(f.ruleId), toUri)),
    // What the compiled code shows per contract: size, compiler, proxy, standards, selectors against the ABI.
    ...(report.bytecode ? { properties: { bytecode: report.bytecode.map((c) => ({ ...c, file: toUri(c.file), findings: c.findings.length })) } } : {}),
  });
}

function descriptor(r: RuleMeta, docs: string) {
  const tags: string[] = [r.category];
  if (r.swc) tags.push(r.swc);
  const properties: Record<string, unknown> = { tags, precision: r.confidence === 'high' ? 'high' : r.confidence === 'medium' ? 'medium' : 'low' };
  if (r.category === 'security') properties['security-severity'] = SECURITY_SEVERITY[r.severity];
  return {
    id: r.id,
    name: pascal(r.id),
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    helpUri: `${docs}docs/rules/${r.id}.md`,
    help: { text: `${r.description} See docs/rules/${r.id}.md.` },
    // The kinds of message the rule reports; a result names its kind in properties.messageId.
    messageStrings: Object.fromEntries(Object.entries(r.messages).map(([id, text]) => [id, { text }])),
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties,
  };
}

function result(f: Finding, ruleIndex: number | undefined, toUri: (file: string) => string) {
  const out: Record<string, unknown> = {
    ruleId: f.ruleId,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(f.file) },
          region: {
            startLine: f.range.start.line + 1,
            startColumn: f.range.start.character + 1,
            endLine: f.range.end.line + 1,
            endColumn: f.range.end.character + 1,
          },
        },
      },
    ],
    // Our message id goes in properties, not in message.id: SARIF's message.id would make
    // message.text a template from the rule's messageStrings, and ours is the full text.
    properties: { messageId: f.messageId, severity: f.severity, confidence: f.confidence, category: f.category, ...(f.swc ? { swc: f.swc } : {}), ...(f.gas ? { gas: f.gas } : {}), ...(f.bytecode ? { bytecode: f.bytecode } : {}) },
  };
  if (ruleIndex !== undefined) out.ruleIndex = ruleIndex;
  // GitHub code scanning and other SARIF consumers match results across runs by these.
  if (f.fingerprint) out.partialFingerprints = { [FINGERPRINT_VERSION]: f.fingerprint };
  // A person's triage decision (other than confirmed) is an external suppression with its reason.
  if (f.triage && f.triage.state !== 'confirmed') out.suppressions = [{ kind: 'external', status: 'accepted', justification: `${f.triage.state}${f.triage.reason ? `: ${f.triage.reason}` : ''}` }];
  const safe = f.fixes.filter((x) => x.safety === 'safe');
  if (safe.length > 0) {
    out.fixes = safe.map((fix) => ({
      description: { text: fix.title },
      artifactChanges: [
        {
          artifactLocation: { uri: toUri(f.file) },
          replacements: fix.edits.map((e) => ({
            deletedRegion: { startLine: e.range.start.line + 1, startColumn: e.range.start.character + 1, endLine: e.range.end.line + 1, endColumn: e.range.end.character + 1 },
            insertedContent: { text: e.newText },
          })),
        },
      ],
    }));
  }
  return out;
}
