import type { ASTNode, ContractDefinition } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf, type RuleContext } from '../framework';
import type { Fix } from '../../types';
import { isAtomic } from '../../facts/ast-util';
import { indentAt, indentUnit } from '../../facts/text';

const NEGATED: Record<string, string> = { '==': '!=', '!=': '==', '<': '>=', '>=': '<', '>': '<=', '<=': '>' };

/** `NotOwner` from "Ownable: caller is not the owner"-style messages. */
export function errorNameFor(message: string): string {
  const words = message
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 6)
    .map((w) => w[0].toUpperCase() + w.slice(1));
  const name = words.join('');
  if (!name) return 'Failed';
  return /^[0-9]/.test(name) ? `Error${name}` : name;
}

/** The condition under which the require fails, written as simply as the syntax allows. */
function negate(ctx: RuleContext, cond: ASTNode): string {
  if (cond.type === 'BinaryOperation' && NEGATED[cond.operator]) return `${ctx.text(cond.left)} ${NEGATED[cond.operator]} ${ctx.text(cond.right)}`;
  if (cond.type === 'UnaryOperation' && cond.operator === '!') return ctx.text(cond.subExpression);
  return isAtomic(cond) ? `!${ctx.text(cond)}` : `!(${ctx.text(cond)})`;
}

function stringArg(node: ASTNode | undefined): string | undefined {
  if (!node || node.type !== 'StringLiteral') return undefined;
  return node.value;
}

export default defineRule({
  meta: {
    id: 'custom-errors',
    title: 'Revert string instead of a custom error',
    category: 'gas',
    severity: 'info',
    confidence: 'high',
    description: 'require/revert with a string message stores the string in the bytecode and ABI-encodes it on failure; a custom error is smaller and cheaper.',
    messages: { 'revert-string': 'A require or revert with a reason string where a custom error is cheaper' },
    fix: 'unsafe',
    minSolc: '0.8.4',
    aliases: { solhint: ['gas-custom-errors', 'custom-errors'], '4naly3er': ['GAS/customErrors'] },
  },
  create(ctx) {
    // Names chosen for each message per contract, so one message maps to one error.
    const chosen = new Map<ContractDefinition, Map<string, string>>();
    const errorsOf = new Map<ContractDefinition, Set<string>>();
    const declaredIn = (c: ContractDefinition) => {
      let s = errorsOf.get(c);
      if (!s) errorsOf.set(c, (s = new Set(ctx.index.descendants(c).filter((n): n is NodeOf<'CustomErrorDefinition'> => n.type === 'CustomErrorDefinition').map((n) => n.name))));
      return s;
    };
    let namesInFile: Set<string> | undefined;
    const fileNames = () => (namesInFile ??= new Set(ctx.index.nodes.map((n) => (n as { name?: unknown }).name).filter((n): n is string => typeof n === 'string')));
    const fileErrors = new Set(ctx.ast.children.filter((n): n is NodeOf<'CustomErrorDefinition'> => n.type === 'CustomErrorDefinition').map((n) => n.name));

    const fixFor = (call: NodeOf<'FunctionCall'>, message: string, statement: ASTNode | undefined, isRequire: boolean): Fix[] => {
      const contract = ctx.index.enclosing(call, 'ContractDefinition');
      if (!contract || contract.kind === 'interface' || !statement || statement.type !== 'ExpressionStatement') return [];
      let names = chosen.get(contract);
      if (!names) chosen.set(contract, (names = new Map()));
      const edits = [];
      let name = names.get(message);
      if (!name) {
        const base = errorNameFor(message);
        const existing = declaredIn(contract);
        name = base;
        // Reuse an error of that name only if it takes no arguments; otherwise pick a free name.
        const reusable = (n: string) => (existing.has(n) || fileErrors.has(n)) && ctx.index.ofType('CustomErrorDefinition').some((d) => d.name === n && d.parameters.length === 0);
        if (!reusable(name)) {
          for (let i = 2; fileNames().has(name) || [...names.values()].includes(name); i++) name = `${base}${i}`;
          const open = ctx.source.indexOf('{', ctx.offsets(contract)[0]);
          const first = contract.subNodes[0] as ASTNode | undefined;
          const indent = first ? indentAt(ctx.source, ctx.offsets(first)[0]) : indentAt(ctx.source, ctx.offsets(contract)[0]) + indentUnit(ctx.source);
          edits.push(ctx.edit.insertAt(open + 1, `\n${indent}error ${name}();\n`));
        }
        names.set(message, name);
      }
      const replacement = isRequire ? `if (${negate(ctx, call.arguments[0])}) revert ${name}();` : `revert ${name}();`;
      edits.push(ctx.edit.replace(statement, replacement));
      return [{ title: `Replace the revert string with the custom error ${name}()`, safety: 'unsafe', edits }];
    };

    return {
      FunctionCall(node) {
        const callee = node.expression;
        if (callee.type !== 'Identifier') return;
        const isRequire = callee.name === 'require' && node.arguments.length === 2;
        const isRevert = callee.name === 'revert' && node.arguments.length === 1;
        if (!isRequire && !isRevert) return;
        const message = stringArg(node.arguments[isRequire ? 1 : 0]);
        if (message === undefined) return;
        const statement = ctx.parent(node);
        ctx.report({
          node,
          message: `${isRequire ? 'require' : 'revert'} with the string "${message}": a custom error costs less to deploy and to revert with.`,
          fixes: fixFor(node, message, statement, isRequire),
        });
      },
    };
  },
});
