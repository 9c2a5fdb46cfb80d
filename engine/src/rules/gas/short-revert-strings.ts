import type { ASTNode, ContractDefinition } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf, type RuleContext } from '../framework';
import type { Fix } from '../../types';
import { allowsBelow } from '../../parse/pragma';
import { isAtomic } from '../../facts/ast-util';
import { indentAt, indentUnit } from '../../facts/text';
import { errorNameFor } from './custom-errors';

const LIMIT = 32;

/** Phrases that add no meaning to a revert reason: the revert already comes from this contract. */
const FILLER_PHRASES = [/\s+(?:of|in|by|for|from|to) (?:this|the) contract\b/gi, /\s+at all\b/gi, /,?\s+please\b/gi];
/** Words a terse reason can lose and still read the same ("caller not owner"). */
const FILLER_WORDS = new Set(['the', 'a', 'an', 'is', 'are', 'be', 'been', 'must', 'should', 'strictly', 'currently', 'very', 'really', 'please', 'this', 'that']);

const fits = (s: string) => s.length > 0 && Buffer.byteLength(s) <= LIMIT;

/**
 * A meaningful message of at most 32 bytes, or undefined when there is none:
 * first without a `Contract: ` prefix, then without filler phrases, then
 * without filler words. A message is never cut mid-sentence or mid-word: a
 * truncated reason ("Treasury: caller is not the") says less than none.
 */
export function shortenReason(message: string): string | undefined {
  const tidy = (s: string) => s.replace(/\s+/g, ' ').trim();
  const unprefixed = tidy(message.replace(/^\s*[A-Za-z_$][\w$]*\s*:\s*/, ''));
  if (fits(unprefixed)) return unprefixed;
  let phrases = unprefixed;
  for (const p of FILLER_PHRASES) phrases = tidy(phrases.replace(p, ''));
  if (fits(phrases)) return phrases;
  const words = tidy(phrases.split(' ').filter((w) => !FILLER_WORDS.has(w.toLowerCase())).join(' '));
  if (fits(words) && words.split(' ').length >= 2) return words;
  return undefined;
}

/** The condition under which the require fails, written as simply as the syntax allows. */
function negate(ctx: RuleContext, cond: ASTNode): string {
  const NEGATED: Record<string, string> = { '==': '!=', '!=': '==', '<': '>=', '>=': '<', '>': '<=', '<=': '>' };
  if (cond.type === 'BinaryOperation' && NEGATED[cond.operator]) return `${ctx.text(cond.left)} ${NEGATED[cond.operator]} ${ctx.text(cond.right)}`;
  if (cond.type === 'UnaryOperation' && cond.operator === '!') return ctx.text(cond.subExpression);
  return isAtomic(cond) ? `!${ctx.text(cond)}` : `!(${ctx.text(cond)})`;
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
    // Custom errors only where every compiler the pragma allows has them (0.8.4).
    const customErrors = !allowsBelow(ctx.solc, '0.8.4');
    // One error per message per contract, so two reverts with one reason share it.
    const chosen = new Map<ContractDefinition, Map<string, string>>();
    let namesInFile: Set<string> | undefined;
    const fileNames = () => (namesInFile ??= new Set(ctx.index.nodes.map((n) => (n as { name?: unknown }).name).filter((n): n is string => typeof n === 'string')));

    const customErrorFix = (call: NodeOf<'FunctionCall'>, message: string, isRequire: boolean): Fix[] => {
      const statement = ctx.parent(call);
      const contract = ctx.index.enclosing(call, 'ContractDefinition');
      if (!customErrors || !contract || contract.kind === 'interface' || contract.kind === 'library' || !statement || statement.type !== 'ExpressionStatement') return [];
      let names = chosen.get(contract);
      if (!names) chosen.set(contract, (names = new Map()));
      const edits = [];
      let name = names.get(message);
      if (!name) {
        const base = errorNameFor(message.replace(/^\s*[A-Za-z_$][\w$]*\s*:\s*/, ''));
        name = base;
        for (let i = 2; fileNames().has(name) || [...names.values()].includes(name); i++) name = `${base}${i}`;
        const open = ctx.source.indexOf('{', ctx.offsets(contract)[0]);
        const first = contract.subNodes[0] as ASTNode | undefined;
        const indent = first ? indentAt(ctx.source, ctx.offsets(first)[0]) : indentAt(ctx.source, ctx.offsets(contract)[0]) + indentUnit(ctx.source);
        edits.push(ctx.edit.insertAt(open + 1, `\n${indent}error ${name}();\n`));
        names.set(message, name);
      }
      edits.push(ctx.edit.replace(statement, isRequire ? `if (${negate(ctx, call.arguments[0])}) revert ${name}();` : `revert ${name}();`));
      return [{ title: `Replace the revert string with the custom error ${name}() (the revert data changes)`, safety: 'unsafe', edits }];
    };

    return {
      FunctionCall(node) {
        if (node.expression.type !== 'Identifier') return;
        const name = node.expression.name;
        const isRequire = name === 'require' && node.arguments.length === 2;
        const arg = isRequire ? node.arguments[1] : name === 'revert' && node.arguments.length === 1 ? node.arguments[0] : undefined;
        if (!arg || arg.type !== 'StringLiteral' || arg.isUnicode?.some(Boolean)) return;
        // A literal split over several parts ("a" "b") is left alone: the edit would have to merge them.
        if (arg.parts && arg.parts.length !== 1) return;
        const bytes = Buffer.byteLength(arg.value);
        if (bytes <= LIMIT) return;
        const raw = ctx.text(arg);
        const quote = raw[0];
        const short = /[\\"']/.test(arg.value) ? undefined : shortenReason(arg.value);
        const fixes: Fix[] = [];
        if (short) fixes.push({ title: `Shorten to "${short}"`, safety: 'unsafe', edits: [ctx.edit.replace(arg, `${quote}${short}${quote}`)] });
        fixes.push(...customErrorFix(node, arg.value, isRequire));
        ctx.report({
          node: arg,
          message: `The revert string is ${bytes} bytes long; at most 32 bytes fit in one word.${short || fixes.length > 0 ? '' : ' It cannot be shortened without losing its meaning: reword it.'}`,
          fixes,
        });
      },
    };
  },
});
