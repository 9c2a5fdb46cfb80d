import { defineRule } from '../framework';

/**
 * Reported by the engine, not by a visitor, when it could not analyse all of a
 * file: the analysis ran out of its time budget, or a statement nests too
 * deeply to analyse and was left out. The rule exists so that a partial result
 * says so, with an id, a doc page and the same configuration as any rule,
 * instead of looking like a clean file.
 */
export default defineRule({
  meta: {
    id: 'analysis-incomplete',
    title: 'Analysis incomplete',
    category: 'quality',
    severity: 'low',
    confidence: 'high',
    description: 'Synor could not analyse all of the file (time limit, or a statement too deep to analyse); findings may be missing.',
    messages: {
      'time-limit': 'The analysis stopped at its time limit; findings after that point may be missing',
      'too-deep': 'A statement nests too deeply to analyse and was left out of the analysis',
    },
    fix: 'none',
  },
  create: () => ({}),
});
