import { defineRule } from '../framework';
import { UNRESOLVED_IMPORT_META } from '../../compile/diagnostics';

/**
 * Reported by the compiler deep tier, not by a visitor; the rule exists so
 * that these findings carry an id, a doc page and the same configuration as
 * any rule.
 */
export default defineRule({
  meta: UNRESOLVED_IMPORT_META,
  create: () => ({}),
});
