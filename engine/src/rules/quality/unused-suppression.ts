import { defineRule } from '../framework';

/**
 * Reported by the suppression pass after every rule has run: a
 * `synor-disable…` comment that hid no finding, or that names no known rule.
 */
export default defineRule({
  meta: {
    id: 'unused-suppression',
    title: 'Suppression comment that suppresses nothing',
    category: 'quality',
    severity: 'info',
    confidence: 'high',
    description: 'A synor-disable comment hides no finding, or names a rule that does not exist.',
    messages: {
      'unknown-rule': 'A suppression comment names a rule that does not exist',
      'suppresses-nothing': 'A suppression comment hides no finding',
    },
    fix: 'safe',
    tags: ['unnecessary'],
  },
  create: () => ({}),
});
