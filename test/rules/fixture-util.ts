import fs from 'node:fs';
import path from 'node:path';

export const RULE_FIXTURES = path.join(__dirname);

export interface FixtureDir {
  ruleId: string;
  dir: string;
  /** Fixture files (not the `.fixed.sol` outputs), sorted. */
  files: string[];
}

export function fixtureDirs(): FixtureDir[] {
  return fs
    .readdirSync(RULE_FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = path.join(RULE_FIXTURES, d.name);
      const files = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.sol') && !f.endsWith('.fixed.sol'))
        .sort();
      return { ruleId: d.name, dir, files };
    })
    .sort((a, b) => a.ruleId.localeCompare(b.ruleId));
}

/** One expected finding: where its range starts (1-based line and column) and which message it is. */
export interface Expectation {
  line: number;
  column: number;
  messageId: string;
}

/** `L<line>:<column> <messageId>`, the form in which fixture tests compare findings. */
export function describeExpectation(e: Expectation): string {
  return `L${e.line}:${e.column} ${e.messageId}`;
}

/** The annotation text of a finding of `ruleId`: `<ruleId>@<column>:<messageId>`. */
export function formatExpectation(ruleId: string, e: Pick<Expectation, 'column' | 'messageId'>): string {
  return `${ruleId}@${e.column}:${e.messageId}`;
}

/** An `expect:` annotation on a line: after `//` (possibly after other comment text) or as `/* expect: … *\/`. */
const ANNOTATION = [/\/\/.*?\bexpect:\s*([a-z0-9@:, -]+)$/, /\/\*\s*expect:\s*([a-z0-9@:, -]+?)\s*\*\//];
const TOKEN = /^([a-z0-9]+(?:-[a-z0-9]+)*)(?:@(\d+):([a-z0-9]+(?:-[a-z0-9]+)*))?$/;

/**
 * Reads `// expect: <id>@<column>:<message-id>, …` annotations. Each names a
 * finding of rule <id> whose range starts on that line at that 1-based column,
 * with that message id. Returns the expectations for `ruleId` (one per mention),
 * whether the file says `none`, and malformed annotations of `ruleId` (a bare
 * `<id>` without column and message id is one).
 */
export function readExpectations(text: string, ruleId: string): { expected: Expectation[]; none: boolean; problems: string[] } {
  const expected: Expectation[] = [];
  const problems: string[] = [];
  let none = false;
  text.split(/\r?\n/).forEach((line, i) => {
    // `expect:` may follow other comment text, as in `// synor-disable-line x -- expect: y`.
    const trimmed = line.trimEnd();
    const m = ANNOTATION.map((re) => re.exec(trimmed)).find((x) => x);
    if (!m) return;
    for (const token of m[1].split(/[\s,]+/).filter(Boolean)) {
      if (token === 'none') {
        none = true;
        continue;
      }
      const t = TOKEN.exec(token);
      if (!t) {
        if (token.startsWith(`${ruleId}@`)) problems.push(`line ${i + 1}: "${token}" is not <rule-id>@<column>:<message-id>`);
        continue;
      }
      if (t[1] !== ruleId) continue;
      if (t[2] === undefined) problems.push(`line ${i + 1}: "${token}" needs @<column>:<message-id>, e.g. ${ruleId}@5:some-message`);
      else expected.push({ line: i + 1, column: Number(t[2]), messageId: t[3] });
    }
  });
  expected.sort((a, b) => a.line - b.line || a.column - b.column || a.messageId.localeCompare(b.messageId));
  return { expected, none, problems };
}
