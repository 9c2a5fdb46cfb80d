import { defineRule } from '../framework';

const BIDI = /[\u202A-\u202E\u2066-\u2069]/g;

const NAMES: Record<string, string> = {
  '\u202A': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202B': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202C': 'POP DIRECTIONAL FORMATTING',
  '\u202D': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202E': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
};

export default defineRule({
  meta: {
    id: 'rtlo',
    title: 'Bidirectional control character in source',
    category: 'security',
    severity: 'high',
    confidence: 'high',
    swc: 'SWC-130',
    description: 'A right-to-left override or other bidirectional control character makes the code display differently from how it compiles.',
    messages: { 'bidi-character': 'A bidirectional control character that reorders how the line is displayed' },
    fix: 'unsafe',
    scope: 'member',
    aliases: { slither: ['rtlo'], aderyn: ['rtlo'] },
  },
  create(ctx) {
    return {
      SourceUnit() {
        for (const m of ctx.source.matchAll(BIDI)) {
          const at = m.index ?? 0;
          const code = m[0].codePointAt(0)!.toString(16).toUpperCase();
          const range = ctx.parsed.lines.range(at, at + 1);
          ctx.report({
            range,
            message: `U+${code} ${NAMES[m[0]]} reorders how this line is displayed, so the code you read is not the code that compiles.`,
            // Inside a string literal the character is data; removing it changes the bytes.
            fixes: [{ title: `Remove U+${code}`, safety: 'unsafe', edits: [ctx.edit.replaceOffsets(at, at + 1, '')] }],
          });
        }
      },
    };
  },
});
