import { defineRule } from '../framework';

/** The longest prefix of `s` that fits in `limit` UTF-8 bytes, cut at a word boundary where there is one. */
function shorten(s: string, limit: number): string {
  let out = '';
  for (const ch of s) {
    if (Buffer.byteLength(out + ch) > limit) break;
    out += ch;
  }
  const cut = out.lastIndexOf(' ');
  return (cut > limit / 2 ? out.slice(0, cut) : out).trimEnd();
}

export default defineRule({
  meta: {
    id: 'short-revert-strings',
    title: 'Revert string longer than 32 bytes',
    category: 'gas',
    severity: 'info',
    confidence: 'high',
    description: 'A revert reason longer than 32 bytes takes more than one word to store in the bytecode and to encode on revert.',
    messages: { 'long-revert-string': 'A revert string longer than 32 bytes' },
    fix: 'unsafe',
    aliases: { solhint: ['gas-small-strings', 'reason-string'], '4naly3er': ['GAS/longRevertString'] },
  },
  create(ctx) {
    return {
      FunctionCall(node) {
        if (node.expression.type !== 'Identifier') return;
        const name = node.expression.name;
        const arg = name === 'require' && node.arguments.length === 2 ? node.arguments[1] : name === 'revert' && node.arguments.length === 1 ? node.arguments[0] : undefined;
        if (!arg || arg.type !== 'StringLiteral' || arg.isUnicode?.some(Boolean)) return;
        // A literal split over several parts ("a" "b") is left alone: the edit would have to merge them.
        if (arg.parts && arg.parts.length !== 1) return;
        const bytes = Buffer.byteLength(arg.value);
        if (bytes <= 32) return;
        const raw = ctx.text(arg);
        const quote = raw[0];
        const short = shorten(arg.value, 32);
        const fixes = /[\\"']/.test(arg.value) ? [] : [{ title: `Shorten to "${short}"`, safety: 'unsafe' as const, edits: [ctx.edit.replace(arg, `${quote}${short}${quote}`)] }];
        ctx.report({
          node: arg,
          message: `The revert string is ${bytes} bytes long; at most 32 bytes fit in one word.`,
          fixes,
        });
      },
    };
  },
});
