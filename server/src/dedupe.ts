/**
 * One finding per problem. The compiler and Synor's own rules sometimes report
 * the same problem: solc's deprecation warning and `deprecated-apis` on one
 * `transfer`, solc's `ParserError` and Synor's `syntax-error` for one missing
 * `;` (on different lines: solc points at the next token). Synor's finding wins:
 * it comes with a fix, documentation, a severity the user configures and a
 * suppression comment, and it is computed on every edit, so it goes away as
 * soon as the code is fixed, where solc's stays until the next compile.
 */
import type { Finding, Range } from '../../engine/src';

/** Findings that come from solc and say what a Synor rule may say too. */
const COMPILER = new Set(['compiler-error', 'compiler-warning']);

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/**
 * Leaves out solc's findings that repeat one of Synor's: a parser error while
 * Synor reports a syntax error (the same broken text, seen by two parsers), and
 * a one-line compiler warning on the same line as, and overlapping, a Synor
 * finding (the same expression flagged twice). Warnings that span several
 * lines (a whole function) are kept: they are about something else.
 */
export function onePerProblem(findings: readonly Finding[]): Finding[] {
  const ours = findings.filter((f) => !COMPILER.has(f.ruleId));
  const syntax = ours.some((f) => f.ruleId === 'syntax-error');
  return findings.filter((f) => {
    if (!COMPILER.has(f.ruleId)) return true;
    if (f.ruleId === 'compiler-error') return !(syntax && f.message.startsWith('ParserError'));
    if (f.range.start.line !== f.range.end.line) return true;
    return !ours.some((o) => o.ruleId !== 'syntax-error' && o.range.start.line === f.range.start.line && overlaps(o.range, f.range));
  });
}
