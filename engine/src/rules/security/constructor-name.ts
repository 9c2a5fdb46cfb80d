import semver from 'semver';
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { functionsOf, isMember, unparen } from '../../facts/ast-util';
import { declarationOf } from '../../facts/declarations';

export default defineRule({
  meta: {
    id: 'constructor-name',
    title: 'Constructor name does not match the contract',
    category: 'security',
    severity: 'high',
    confidence: 'high',
    swc: 'SWC-118',
    description: 'Before 0.4.22 a constructor is the function named exactly like the contract; a misspelt one is an ordinary public function anyone can call.',
    messages: {
      'two-constructors': 'A contract with both a constructor and a function named like the contract (solc 0.4.22)',
      'named-constructor': 'A public function named constructor, which is not the constructor',
      'case-mismatch': 'A function named like the contract but for case, which is not the constructor',
      'renamed-contract': 'A capitalised public function that sets the owner, as the constructor of a renamed contract would',
    },
    fix: 'unsafe',
    // The keyword arrived in 0.4.22, but the old form stays legal (and the
    // misspelling possible) until 0.5.0 made it an error.
    maxSolc: '0.5.0',
    aliases: {},
  },
  create(ctx) {
    /** Whether the function stores msg.sender in state, as an owner-setting constructor does. */
    const setsOwner = (fn: NodeOf<'FunctionDefinition'>): boolean =>
      !!fn.body &&
      ctx.index.descendants(fn.body).some((d: ASTNode) => {
        if (d.type !== 'BinaryOperation' || d.operator !== '=' || !isMember(unparen(d.right), 'msg', 'sender')) return false;
        const l = unparen(d.left);
        return l.type === 'Identifier' && !!declarationOf(ctx, l, l.name)?.isStateVar;
      });
    const nameEdit = (fn: NodeOf<'FunctionDefinition'>, to: string) => {
      const [start] = ctx.offsets(fn);
      const at = ctx.text(fn).indexOf(fn.name!, 'function'.length);
      return ctx.edit.replaceOffsets(start + at, start + at + fn.name!.length, to);
    };
    return {
      ContractDefinition(contract: NodeOf<'ContractDefinition'>) {
        if (contract.kind !== 'contract' && contract.kind !== 'abstract') return;
        const fns = functionsOf(contract);
        const oldStyle = fns.find((f) => f.name === contract.name);
        const keyword = fns.find((f) => f.isConstructor && !f.name);
        // Only solc 0.4.22 itself has the bug that runs one of two constructors.
        if (oldStyle && keyword && semver.lte(ctx.solc.min, '0.4.22') && semver.gte(ctx.solc.max, '0.4.22')) {
          ctx.report({
            node: oldStyle,
            messageId: 'two-constructors',
            message: `${contract.name} has both a constructor and a function named ${contract.name}: solc 0.4.22 runs only one of them as the constructor (OneOfTwoConstructorsSkipped).`,
          });
          return;
        }
        if (oldStyle || keyword) return;
        for (const f of fns) {
          if (!f.name || f.visibility === 'internal' || f.visibility === 'private') continue;
          if (f.name.toLowerCase() === contract.name.toLowerCase() || /^_?constructor$/i.test(f.name)) {
            ctx.report({
              node: f,
              messageId: /constructor/i.test(f.name) ? 'named-constructor' : 'case-mismatch',
              message: /constructor/i.test(f.name)
                ? `function ${f.name}() is an ordinary public function, not the constructor: anyone can call it at any time. Name it ${contract.name}, or use the constructor keyword (0.4.22+).`
                : `${f.name} differs from the contract name ${contract.name} only in case, so it is not the constructor: anyone can call it at any time.`,
              fixes: [{ title: `Rename it ${contract.name} (make it the constructor)`, safety: 'unsafe', edits: [nameEdit(f, contract.name)] }],
            });
          } else if (/^[A-Z]/.test(f.name) && setsOwner(f)) {
            // A capitalised public function that claims ownership is how a
            // constructor looks after the contract was renamed.
            ctx.report({
              node: f,
              confidence: 'medium',
              messageId: 'renamed-contract',
              message: `${f.name} looks like the constructor of a contract named ${f.name}, but this contract is ${contract.name}: anyone can call it and take ownership.`,
              fixes: [{ title: `Rename it ${contract.name} (make it the constructor)`, safety: 'unsafe', edits: [nameEdit(f, contract.name)] }],
            });
          }
        }
      },
    };
  },
});
