import { defineRule } from '../framework';

/**
 * Syntax errors are produced by the parser, not by a visitor; the rule exists
 * so that they carry an id, a doc page and the same configuration as any rule.
 */
export default defineRule({
  meta: {
    id: 'syntax-error',
    title: 'Syntax error',
    category: 'quality',
    severity: 'high',
    confidence: 'high',
    description: 'The file does not parse; findings below the error may be missing until it is fixed.',
    messages: { 'syntax-error': 'A syntax error reported by the parser' },
    fix: 'none',
  },
  create: () => ({}),
});
