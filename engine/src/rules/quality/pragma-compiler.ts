import semver from 'semver';
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { KNOWN_SOLC_VERSIONS, pragmaRangeToSemver } from '../../parse/pragma';

/**
 * Notable bugs from solc's published bug list, by the first and the fixed
 * version. Many need a particular feature (ABI coder v2, the optimizer, via-IR)
 * to bite; the message names the bug so the reader can check.
 */
const KNOWN_BUGS: Array<{ name: string; from: string; fixed: string; needs: string }> = [
  { name: 'OneOfTwoConstructorsSkipped', from: '0.4.22', fixed: '0.4.23', needs: 'a contract with both a constructor and a function named like the contract' },
  { name: 'ExpExponentCleanup', from: '0.0.0', fixed: '0.4.25', needs: '** with an exponent type narrower than 256 bits' },
  { name: 'EventStructWrongData', from: '0.4.17', fixed: '0.4.25', needs: 'structs in events with ABI coder v2' },
  { name: 'DynamicConstructorArgumentsClippedABIV2', from: '0.4.16', fixed: '0.5.9', needs: 'dynamic constructor arguments with ABI coder v2' },
  { name: 'UninitializedFunctionPointerInConstructor', from: '0.5.0', fixed: '0.5.8', needs: 'an uninitialised internal function pointer called in a constructor' },
  { name: 'ABIEncoderV2PackedStorage', from: '0.5.0', fixed: '0.5.7', needs: 'packed storage structs or arrays encoded with ABI coder v2' },
  { name: 'ImplicitConstructorCallvalueCheck', from: '0.4.5', fixed: '0.6.8', needs: 'a non-payable constructor in a contract without an explicit one' },
  { name: 'KeccakCaching', from: '0.0.0', fixed: '0.8.3', needs: 'the optimizer and keccak256 in inline assembly' },
  { name: 'ABIDecodeTwoDimensionalArrayMemory', from: '0.4.16', fixed: '0.8.4', needs: 'abi.decode of two-dimensional memory arrays' },
  { name: 'SignedImmutables', from: '0.6.5', fixed: '0.8.9', needs: 'signed immutables narrower than 256 bits' },
  { name: 'AbiEncodeCallLiteralAsFixedBytesBug', from: '0.8.11', fixed: '0.8.13', needs: 'abi.encodeCall with literals for fixed-bytes parameters' },
  { name: 'DataLocationChangeInInternalOverride', from: '0.6.9', fixed: '0.8.14', needs: 'an override that changes a parameter from calldata to memory' },
  { name: 'NestedCalldataArrayAbiReencodingSizeValidation', from: '0.5.8', fixed: '0.8.14', needs: 're-encoding nested calldata arrays' },
  { name: 'InlineAssemblyMemorySideEffects', from: '0.8.13', fixed: '0.8.15', needs: 'the optimizer and memory writes in assembly blocks' },
  { name: 'DirtyBytesArrayToStorage', from: '0.0.0', fixed: '0.8.15', needs: 'copying bytes arrays from memory or calldata to storage' },
  { name: 'AbiReencodingHeadOverflowWithStaticArrayCleanup', from: '0.5.8', fixed: '0.8.16', needs: 'ABI-encoding static calldata arrays after other dynamic values' },
  { name: 'StorageWriteRemovalBeforeConditionalTermination', from: '0.8.13', fixed: '0.8.17', needs: 'via-IR or the Yul optimizer, and a storage write before a conditional return' },
  { name: 'FullInlinerNonExpressionSplitArgumentEvaluationOrder', from: '0.6.7', fixed: '0.8.21', needs: 'the Yul optimizer with a custom step sequence' },
  { name: 'MissingSideEffectsOnSelectorAccess', from: '0.6.2', fixed: '0.8.21', needs: 'reading .selector of an expression with side effects' },
  { name: 'VerbatimInvalidDeduplication', from: '0.8.5', fixed: '0.8.23', needs: 'verbatim in Yul' },
  { name: 'LostStorageArrayWriteOnSlotOverflow', from: '0.0.0', fixed: '0.8.28', needs: 'storage arrays whose slots wrap around the end of storage' },
];

/** Allowed versions by pragma text: the same few pragmas recur across a workspace. */
const allowedCache = new Map<string, string[]>();

const FLOATING = /[\^~><*xX]|\|\|| - /;

export default defineRule({
  meta: {
    id: 'pragma-compiler',
    title: 'Floating, buggy or chain-sensitive compiler version',
    category: 'quality',
    severity: 'info',
    confidence: 'high',
    swc: 'SWC-103',
    description: 'A floating pragma lets a contract be deployed with a compiler other than the tested one, including versions with known bugs (SWC-102).',
    messages: {
      'floating-pragma': 'A version pragma that allows several compilers',
      'buggy-compiler': 'A version pragma that allows a compiler with known bugs',
      'push0': 'A version pragma that allows solc 0.8.20 and later, which emit PUSH0',
    },
    fix: 'unsafe',
    scope: 'member',
    aliases: { slither: ['solc-version', 'pragma'], aderyn: ['unspecific-solidity-pragma', 'push-zero-opcode'], solhint: ['compiler-version'], '4naly3er': ['L/unspecifiedPragma', 'L/push0Solc0820', 'L/solc1314OptimizerBug'] },
  },
  create(ctx) {
    return {
      PragmaDirective(p: NodeOf<'PragmaDirective'>) {
        if (p.name !== 'solidity') return;
        let range: string;
        try {
          range = pragmaRangeToSemver(p.value);
          if (!semver.validRange(range)) return;
        } catch {
          return;
        }
        let allowed = allowedCache.get(range);
        if (!allowed) {
          allowed = KNOWN_SOLC_VERSIONS.filter((v) => semver.satisfies(v, range));
          if (allowedCache.size > 256) allowedCache.clear();
          allowedCache.set(range, allowed);
        }
        if (allowed.length === 0) return;
        const oldest = allowed[0];
        const newest = allowed[allowed.length - 1];
        // Libraries, interfaces and abstract contracts are compiled with the
        // importer's compiler: a range is how they say which compilers they
        // support, and the importer's pragma decides which bugs apply.
        const deployable = ctx.ast.children.some((c: ASTNode) => c.type === 'ContractDefinition' && c.kind === 'contract');
        if (!deployable) return;
        if (FLOATING.test(p.value)) {
          ctx.report({
            node: p,
            messageId: 'floating-pragma',
            message: `pragma solidity ${p.value} floats: the deployed bytecode depends on whichever compiler from ${oldest} to ${newest} builds it. Pin the version that was tested.`,
            fixes: [{ title: `Pin solidity ${newest}`, safety: 'unsafe', edits: [ctx.edit.replace(p, `pragma solidity ${newest}${ctx.text(p).trimEnd().endsWith(';') ? ';' : ''}`)] }],
          });
        }
        const bugs = KNOWN_BUGS.filter((b) => semver.gte(oldest, b.from) && semver.lt(oldest, b.fixed));
        if (bugs.length > 0) {
          const shown = bugs.slice(0, 4).map((b) => `${b.name} (fixed in ${b.fixed}; affects ${b.needs})`);
          ctx.report({
            node: p,
            messageId: 'buggy-compiler',
            message: `The pragma allows solc ${oldest}, which has known bugs: ${shown.join('; ')}${bugs.length > 4 ? `; and ${bugs.length - 4} more` : ''}. Require a newer compiler (SWC-102).`,
            confidence: 'medium',
          });
        }
        if (semver.lt(oldest, '0.8.20') && semver.gte(newest, '0.8.20')) {
          ctx.report({
            node: p,
            messageId: 'push0',
            message: 'The pragma allows solc 0.8.20 and later, which target Shanghai and emit PUSH0 by default; chains without PUSH0 reject the bytecode. Set evmVersion for such chains.',
            confidence: 'medium',
          });
        }
      },
    };
  },
});
