import { defineRule } from '../framework';
import { COMPILER_ERROR_META } from '../../compile/diagnostics';

/**
 * Reported by the compiler deep tier, not by a visitor; the rule exists so
 * that these findings carry an id, a doc page and the same configuration as
 * any rule.
 */
export default defineRule({
  meta: COMPILER_ERROR_META,
  create: () => ({}),
});
