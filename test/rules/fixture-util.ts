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

/**
 * Reads `// expect: a, b` annotations. Returns the 1-based lines on which
 * `ruleId` is expected, once per mention, and whether the file says `none`.
 */
export function readExpectations(text: string, ruleId: string): { lines: number[]; none: boolean } {
  const lines: number[] = [];
  let none = false;
  text.split(/\r?\n/).forEach((line, i) => {
    // `expect:` may follow other comment text, as in `// synor-disable-line x -- expect: y`.
    const m = /\/\/.*?\bexpect:\s*([a-z0-9, -]+)$/.exec(line.trimEnd()) ?? /\/\*\s*expect:\s*([a-z0-9, -]+)\*\//.exec(line);
    if (!m) return;
    for (const id of m[1].split(/[\s,]+/).filter(Boolean)) {
      if (id === 'none') none = true;
      else if (id === ruleId) lines.push(i + 1);
    }
  });
  return { lines: lines.sort((a, b) => a - b), none };
}
