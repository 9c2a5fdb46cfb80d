/**
 * The `gas` section of `synor.config.json`: scenarios a person gives where
 * the ones Synor derives are not enough.
 *
 * ```json
 * "gas": {
 *   "loopSizes": [1, 5],
 *   "snapshotTolerance": 1,
 *   "contracts": {
 *     "Vault": {
 *       "constructor": ["@deployer", "1000 ether"],
 *       "value": "0",
 *       "setup": [{ "call": "deposit(uint256)", "args": ["100 ether"], "repeat": 2 }],
 *       "calls": { "withdraw(uint256)": { "args": ["1 ether"] } }
 *     }
 *   }
 * }
 * ```
 *
 * Values are JSON strings, numbers, booleans or arrays: amounts with
 * `ether`/`gwei`, hex, `@deployer` (also the caller), `@other` (another funded
 * account), `@stub` (a contract answering every call with 1s), `@this`.
 */
import { getNodeValue, type Node as JsonNode } from 'jsonc-parser';

export interface GasStepConfig {
  /** A signature (`mint(address,uint256)`) or a function name. */
  call?: string;
  args?: unknown[];
  value?: string | number;
  repeat?: number;
  /** Calls to run before this one (for `calls` entries). */
  setup?: GasStepConfig[];
}

export interface GasContractConfig {
  /** Constructor arguments (`"constructor"` in the file). */
  constructorArgs?: unknown[];
  /** ETH sent with the deployment. */
  value?: string | number;
  /** Calls run after deployment, before every measured call. */
  setup?: Array<GasStepConfig & { call: string }>;
  /** Arguments (and setup) for particular functions, by signature. */
  calls?: Record<string, GasStepConfig>;
}

export interface GasConfig {
  /** Scenarios by contract name. */
  contracts?: Record<string, GasContractConfig>;
  /** How many times the call that grows a loop runs for the two measured sizes. */
  loopSizes?: [number, number];
  /** Percent by which a figure may rise before `synor gas --check` calls it a regression. */
  snapshotTolerance?: number;
}

type At = (node: JsonNode | undefined, message: string) => void;

const STEP_KEYS = new Set(['call', 'args', 'value', 'repeat', 'setup']);

function readStep(node: JsonNode | undefined, where: string, at: At, needsCall: boolean): GasStepConfig | undefined {
  if (node?.type !== 'object') {
    at(node, `"${where}" must be an object`);
    return undefined;
  }
  const out: GasStepConfig = {};
  for (const prop of node.children ?? []) {
    const [k, v] = prop.children ?? [];
    const key = k?.value as string;
    if (!STEP_KEYS.has(key)) {
      at(k, `unknown key "${where}.${key}" (expected ${[...STEP_KEYS].map((x) => `"${x}"`).join(', ')})`);
      continue;
    }
    if (key === 'call') {
      if (v?.type === 'string' && v.value) out.call = v.value;
      else at(v, `"${where}.call" must be a function name or signature`);
    } else if (key === 'args') {
      if (v?.type === 'array') out.args = getNodeValue(v) as unknown[];
      else at(v, `"${where}.args" must be an array`);
    } else if (key === 'value') {
      if (v?.type === 'string' || v?.type === 'number') out.value = v.value;
      else at(v, `"${where}.value" must be an amount such as "1 ether"`);
    } else if (key === 'repeat') {
      if (v?.type === 'number' && Number.isInteger(v.value) && v.value >= 1 && v.value <= 1000) out.repeat = v.value;
      else at(v, `"${where}.repeat" must be an integer from 1 to 1000`);
    } else if (key === 'setup') {
      if (v?.type !== 'array') at(v, `"${where}.setup" must be an array of calls`);
      else out.setup = (v.children ?? []).map((c, i) => readStep(c, `${where}.setup[${i}]`, at, true)).filter((x): x is GasStepConfig => !!x);
    }
  }
  if (needsCall && !out.call) at(node, `"${where}" needs "call"`);
  return out;
}

/** Reads the `gas` section; problems are reported through `at` with their place in the file. */
export function readGasConfig(node: JsonNode | undefined, at: At): GasConfig | undefined {
  if (node?.type !== 'object') {
    at(node, '"gas" must be an object');
    return undefined;
  }
  const out: GasConfig = {};
  for (const prop of node.children ?? []) {
    const [k, v] = prop.children ?? [];
    switch (k?.value) {
      case 'loopSizes': {
        const xs = v?.type === 'array' ? (getNodeValue(v) as unknown[]) : [];
        if (xs.length === 2 && xs.every((x) => Number.isInteger(x) && (x as number) >= 0 && (x as number) <= 200) && (xs[0] as number) < (xs[1] as number)) out.loopSizes = [xs[0] as number, xs[1] as number];
        else at(v, '"gas.loopSizes" must be two increasing integers from 0 to 200, e.g. [1, 5]');
        break;
      }
      case 'snapshotTolerance':
        if (v?.type === 'number' && v.value >= 0) out.snapshotTolerance = v.value;
        else at(v, '"gas.snapshotTolerance" must be a percentage (a number, 0 or more)');
        break;
      case 'contracts': {
        if (v?.type !== 'object') {
          at(v, '"gas.contracts" must be an object of contract name to scenario');
          break;
        }
        const contracts: Record<string, GasContractConfig> = {};
        for (const cp of v.children ?? []) {
          const [ck, cv] = cp.children ?? [];
          const name = ck?.value as string;
          const where = `gas.contracts.${name}`;
          if (cv?.type !== 'object') {
            at(cv, `"${where}" must be an object`);
            continue;
          }
          const c: GasContractConfig = {};
          for (const p of cv.children ?? []) {
            const [pk, pv] = p.children ?? [];
            const key = pk?.value as string;
            if (key === 'constructor') {
              if (pv?.type === 'array') c.constructorArgs = getNodeValue(pv) as unknown[];
              else at(pv, `"${where}.constructor" must be an array of arguments`);
            } else if (key === 'value') {
              if (pv?.type === 'string' || pv?.type === 'number') c.value = pv.value;
              else at(pv, `"${where}.value" must be an amount such as "1 ether"`);
            } else if (key === 'setup') {
              if (pv?.type !== 'array') at(pv, `"${where}.setup" must be an array of calls`);
              else c.setup = (pv.children ?? []).map((s, i) => readStep(s, `${where}.setup[${i}]`, at, true)).filter((x): x is GasStepConfig & { call: string } => !!x?.call);
            } else if (key === 'calls') {
              if (pv?.type !== 'object') {
                at(pv, `"${where}.calls" must be an object of signature to call`);
                continue;
              }
              const calls: Record<string, GasStepConfig> = {};
              for (const fp of pv.children ?? []) {
                const [fk, fv] = fp.children ?? [];
                const step = readStep(fv, `${where}.calls.${fk?.value}`, at, false);
                if (step) calls[fk?.value as string] = step;
              }
              c.calls = calls;
            } else at(pk, `unknown key "${where}.${key}" (expected "constructor", "value", "setup" or "calls")`);
          }
          contracts[name] = c;
        }
        out.contracts = contracts;
        break;
      }
      default:
        at(k, `unknown key "gas.${k?.value}" (expected "contracts", "loopSizes" or "snapshotTolerance")`);
    }
  }
  return out;
}

/** A contract's scenario, if configured. */
export function contractScenario(config: GasConfig | undefined, name: string): GasContractConfig | undefined {
  return config?.contracts && Object.prototype.hasOwnProperty.call(config.contracts, name) ? config.contracts[name] : undefined;
}
