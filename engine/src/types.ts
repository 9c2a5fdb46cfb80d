/**
 * Plain data shared by every part of Synor. Nothing in this file knows about
 * LSP, VS Code or the file system; the server and the CLI convert from these.
 */

export type Severity = 'high' | 'medium' | 'low' | 'info';
export type Confidence = 'high' | 'medium' | 'low';
export type Category = 'security' | 'gas' | 'quality';
export type FixKind = 'none' | 'safe' | 'unsafe';

/** Severities from the most to the least serious; the order is used for sorting and thresholds. */
export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low', 'info'];
export const CONFIDENCES: readonly Confidence[] = ['high', 'medium', 'low'];

/** A 0-based position; `character` counts UTF-16 code units, as LSP does. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  /** `safe` rewrites cannot change behaviour; `unsafe` ones are suggestions a person must review. */
  safety: 'safe' | 'unsafe';
  /** Why an unsafe fix needs a person to review it, in a few words (shown where the fix is offered or skipped). */
  reason?: string;
  edits: TextEdit[];
}

/** Gas measured by compiling and running before and after a fix, in the EVM. */
export interface MeasuredGas {
  solc: string;
  optimizer: { enabled: boolean; runs: number };
  deploy: { before: number; after: number };
  calls: Array<{
    fn: string;
    before: number | 'reverted';
    after: number | 'reverted';
    /** What one more iteration of the function's loop costs, before and after. */
    perIteration?: { before: number; after: number };
    /** A figure includes a gas refund (storage cleared). */
    refunded?: boolean;
  }>;
  /** What the calls were: the scenario of each function measured. */
  scenarios?: Record<string, string>;
}

export interface FindingGas {
  /** A static estimate; always labelled as one where it is shown. */
  estimate?: { saving: number; basis: string };
  measured?: MeasuredGas;
  /** Why the saving could not be measured. */
  unmeasured?: string;
  /**
   * The measured effect, judged by engine/src/gas/judge.ts: only a `saving` or
   * a `trade-off` (with its numbers) is offered; a `loss` or `no-effect` is withdrawn.
   */
  verdict?: { kind: 'saving' | 'trade-off' | 'loss' | 'no-effect'; summary: string };
}

export interface Finding {
  ruleId: string;
  /**
   * Which kind of message of the rule this is: a key of the rule's `meta.messages`
   * (e.g. `ignored-result`). Stable across wording changes, unlike `message`.
   */
  messageId: string;
  title: string;
  category: Category;
  severity: Severity;
  confidence: Confidence;
  swc?: string;
  file: string;
  range: Range;
  message: string;
  fixes: Fix[];
  gas?: FindingGas;
  /** Relative path of the rule's documentation page, e.g. `docs/rules/tx-origin-auth.md`. */
  docs: string;
  /** Name of the enclosing contract and function, where there is one. */
  contract?: string;
  function?: string;
  /**
   * An id that survives edits elsewhere (moved code, layout, comments, other
   * functions, a renamed file): see engine/src/fingerprint.ts and docs/baseline.md.
   */
  fingerprint?: string;
  /** A person's decision on this finding (from `.synor/triage.json`), set where triaged findings are shown. */
  triage?: { state: string; reason: string; author?: string; date?: string };
  /**
   * The deep tier's bytecode analysis saw the same problem at this place in the compiled
   * code (engine/src/bytecode/compiled.ts): the detector, the instruction and the contract,
   * and whether a local EVM run confirmed it.
   */
  bytecode?: { detector: string; pc: number; contract: string; confirmed?: boolean };
}

export interface RuleMeta {
  /** kebab-case; equal to the file name of the rule. */
  id: string;
  title: string;
  category: Category;
  severity: Severity;
  confidence: Confidence;
  swc?: string;
  /** A short description of what the rule detects, one sentence. */
  description: string;
  /**
   * Every kind of message the rule reports: a kebab-case id → a one-line
   * description. A finding names one in `messageId`; a rule that declares
   * exactly one message may report without naming it.
   */
  messages: Record<string, string>;
  /** Whether, and how safely, the rule offers fixes. */
  fix: FixKind;
  /** The rule only applies when the pragma allows a compiler at or above this version. */
  minSolc?: string;
  /** The rule only applies when the pragma allows a compiler below this version. */
  maxSolc?: string;
  /** Ids of the same check in other tools, used to honour their suppression comments. */
  aliases?: { slither?: string[]; aderyn?: string[]; solhint?: string[]; '4naly3er'?: string[] };
  /** Tags such as `unnecessary` or `deprecated`, which editors render specially. */
  tags?: Array<'unnecessary' | 'deprecated'>;
  /**
   * Whether the rule runs on test and script code (`*.t.sol`, `*.s.sol`, `test/`,
   * `script/`): production advice does not. Left out: gas rules do not, others do.
   */
  testCode?: boolean;
  /**
   * `member`: what the rule reports inside a function or modifier comes from its
   * handlers on that member's own nodes, given a walk that also visits the
   * file's other declarations but not the other functions and modifiers; and
   * nothing it reports elsewhere depends on a function's or modifier's body.
   * An edit inside one body then re-runs the rule over that body alone (see
   * `analyzeMember`). Such a rule reads no fact, no other file and no index
   * of the whole file. Left out: the rule's findings may depend on any part of
   * the file and its project.
   */
  scope?: 'member';
}

export interface RuleError {
  ruleId: string;
  message: string;
  stack?: string;
}

export interface AnalysisStats {
  parseMs: number;
  rulesMs: number;
  totalMs: number;
  lines: number;
  rulesRun: number;
  /** Per-rule time in milliseconds, for rules that took any measurable time. */
  ruleMs: Record<string, number>;
}

export interface ParseError {
  message: string;
  range: Range;
}

/** Where and why an analysis stopped before its end. */
export interface AnalysisCutShort {
  /** `aborted`: by its AbortSignal; `budget`: it ran out of its time budget. */
  reason: 'aborted' | 'budget';
  /**
   * What it was doing: parsing the file, parsing the files it imports, or
   * running the rules; unknown when it was stopped from outside (its worker ended).
   */
  stage?: 'parse' | 'imports' | 'rules';
  /** The budget it was given, in milliseconds (when it had one). */
  budgetMs?: number;
}

export interface AnalysisResult {
  file: string;
  findings: Finding[];
  parseErrors: ParseError[];
  ruleErrors: RuleError[];
  stats: AnalysisStats;
  /** True when the analysis was aborted by its signal; findings are then partial. */
  aborted: boolean;
  /**
   * Set when the analysis stopped before its end. Findings are what it found
   * until then; when the budget ran out they include an `analysis-incomplete`
   * finding that says so.
   */
  cutShort?: AnalysisCutShort;
}
