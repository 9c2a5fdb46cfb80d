import { createHash } from 'node:crypto';
import { createEVM } from '@ethereumjs/evm';
import type { Common } from '@ethereumjs/common';

/**
 * `@ethereumjs/evm` analyses a contract's code (valid jump destinations, the
 * value of every PUSH, the opcode at every position) each time a message runs
 * it: every call, every nested call, every deployment. Measuring a contract
 * runs the same code hundreds of times, and on a 20 kB contract that analysis
 * was most of the time spent in the EVM (profiled: 2.5 s of a fix's 3.3 s
 * cold measurement). The analysis depends only on the code and the EVM's
 * opcode table, and the interpreter only reads it, so it is kept per opcode
 * table and code hash.
 *
 * The interpreter class is not exported by the package: its prototype is
 * found once by running one probe opcode in a throwaway EVM.
 */
type Analysis = { jumps: Uint8Array; pushes: Record<number, bigint>; opcodesCached: unknown[] };
type Analyse = (this: { _evm: { _opcodeMap: object } }, code: Uint8Array) => Analysis;

const PER_TABLE = 64;
let installed: Promise<void> | undefined;
/** Hits and misses since the process started (for the benchmark and tests). */
export const jumpCacheStats = { hits: 0, misses: 0 };

/**
 * Installs the cache once per process; safe to call before every EVM is created.
 * `SYNOR_GAS_JUMP_CACHE=0` leaves the EVM as it is (for `npm run bench:gas` to compare).
 */
export function installJumpCache(common: Common): Promise<void> {
  if (process.env.SYNOR_GAS_JUMP_CACHE === '0') return Promise.resolve();
  return (installed ??= probe(common).catch(() => undefined));
}

async function probe(common: Common): Promise<void> {
  let proto: { _getValidJumpDestinations?: Analyse } | undefined;
  const evm = await createEVM({
    common: common.copy(),
    customOpcodes: [
      {
        opcode: 0x0c,
        opcodeName: 'SYNORPROBE',
        baseFee: 0,
        logicFunction: (runState: { interpreter: object }) => {
          proto = Object.getPrototypeOf(runState.interpreter) as typeof proto;
        },
      },
    ],
  });
  await evm.runCode({ code: Uint8Array.of(0x0c, 0x00), gasLimit: 100_000n });
  const original = proto?._getValidJumpDestinations;
  if (!proto || typeof original !== 'function') return;
  const byTable = new WeakMap<object, Map<string, Analysis>>();
  const byCode = new WeakMap<Uint8Array, { table: object; analysis: Analysis }>();
  proto._getValidJumpDestinations = function (this: { _evm: { _opcodeMap: object } }, code: Uint8Array): Analysis {
    const table = this._evm?._opcodeMap;
    if (!table) return original.call(this, code);
    const same = byCode.get(code);
    if (same && same.table === table) {
      jumpCacheStats.hits++;
      return same.analysis;
    }
    let cache = byTable.get(table);
    if (!cache) byTable.set(table, (cache = new Map()));
    const key = createHash('sha1').update(code).digest('hex');
    let analysis = cache.get(key);
    if (analysis) jumpCacheStats.hits++;
    else {
      jumpCacheStats.misses++;
      analysis = original.call(this, code);
      cache.set(key, analysis);
      if (cache.size > PER_TABLE) cache.delete(cache.keys().next().value!);
    }
    byCode.set(code, { table, analysis });
    return analysis;
  };
}
