import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError as JsonParseError } from 'jsonc-parser';
import picomatch from 'picomatch';
import { SEVERITIES, type Severity } from '../types';
import { ConfigError, type ConfigProblem } from '../errors';
import { LineIndex } from '../parse/positions';
import { readGasConfig, type GasConfig } from '../gas/config';

export const CONFIG_FILE_NAME = 'synor.config.json';

export interface RuleSetting {
  enabled: boolean;
  severity?: Severity;
}

export interface CompilerSettings {
  /** A solc version to use instead of the one the pragma selects. */
  version?: string;
  optimizer?: { enabled: boolean; runs: number };
  evmVersion?: string;
  remappings?: string[];
}

export interface SynorConfig {
  rules: Record<string, RuleSetting>;
  /** Globs, relative to the config file's folder, of files to leave out. */
  exclude: string[];
  compiler: CompilerSettings;
  /** Gas measurement scenarios (see engine/src/gas/config.ts). */
  gas?: GasConfig;
}

export function defaultConfig(): SynorConfig {
  return { rules: {}, exclude: [], compiler: {} };
}

/**
 * Reads `synor.config.json` text. Throws a ConfigError that names the file and
 * the line and column of every problem: unknown keys, unknown rule ids, values
 * of the wrong kind.
 */
export function parseConfig(text: string, file: string, knownRuleIds: ReadonlySet<string>): SynorConfig {
  const lines = new LineIndex(text);
  const problems: ConfigProblem[] = [];
  const at = (node: JsonNode | undefined, message: string) => {
    const pos = lines.positionAt(node?.offset ?? 0);
    problems.push({ message, line: pos.line, character: pos.character });
  };
  const syntax: JsonParseError[] = [];
  const root = parseTree(text, syntax, { allowTrailingComma: true, disallowComments: false });
  for (const e of syntax) {
    const pos = lines.positionAt(e.offset);
    problems.push({ message: `invalid JSON: ${printParseErrorCode(e.error)}`, line: pos.line, character: pos.character });
  }
  const config = defaultConfig();
  if (!root || root.type !== 'object') {
    if (problems.length === 0) at(root, 'the configuration must be a JSON object');
    throw new ConfigError(file, problems);
  }
  for (const prop of root.children ?? []) {
    const [keyNode, valueNode] = prop.children ?? [];
    const key = keyNode?.value as string;
    switch (key) {
      case '$schema':
        break;
      case 'rules':
        readRules(valueNode, config, knownRuleIds, at);
        break;
      case 'exclude':
        if (valueNode?.type !== 'array' || !(valueNode.children ?? []).every((c) => c.type === 'string')) at(valueNode, '"exclude" must be an array of glob strings');
        else config.exclude = (valueNode.children ?? []).map((c) => c.value as string);
        break;
      case 'compiler':
        readCompiler(valueNode, config, at);
        break;
      case 'gas': {
        const gas = readGasConfig(valueNode, at);
        if (gas) config.gas = gas;
        break;
      }
      default:
        at(keyNode, `unknown key "${key}" (expected "rules", "exclude", "compiler" or "gas")`);
    }
  }
  if (problems.length > 0) throw new ConfigError(file, problems);
  return config;
}

type At = (node: JsonNode | undefined, message: string) => void;

function readRules(node: JsonNode | undefined, config: SynorConfig, known: ReadonlySet<string>, at: At): void {
  if (node?.type !== 'object') return at(node, '"rules" must be an object of rule id to setting');
  for (const prop of node.children ?? []) {
    const [keyNode, valueNode] = prop.children ?? [];
    const id = keyNode?.value as string;
    if (!known.has(id)) {
      at(keyNode, `unknown rule id "${id}"`);
      continue;
    }
    const setting = readRuleSetting(valueNode, id, at);
    if (setting) config.rules[id] = setting;
  }
}

function readRuleSetting(node: JsonNode | undefined, id: string, at: At): RuleSetting | undefined {
  if (node?.type === 'string') {
    const v = node.value as string;
    if (v === 'off') return { enabled: false };
    if (v === 'on') return { enabled: true };
    if ((SEVERITIES as string[]).includes(v)) return { enabled: true, severity: v as Severity };
  } else if (node?.type === 'boolean') {
    return { enabled: node.value as boolean };
  } else if (node?.type === 'object') {
    const setting: RuleSetting = { enabled: true };
    for (const prop of node.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (k?.value === 'enabled' && v?.type === 'boolean') setting.enabled = v.value as boolean;
      else if (k?.value === 'severity' && v?.type === 'string' && (SEVERITIES as string[]).includes(v.value)) setting.severity = v.value as Severity;
      else {
        at(k, `rule "${id}": unknown or invalid setting "${k?.value}" (expected "enabled": boolean or "severity": ${SEVERITIES.join('|')})`);
        return undefined;
      }
    }
    return setting;
  }
  at(node, `rule "${id}": expected "off", "on", a severity (${SEVERITIES.join(', ')}), a boolean or an object`);
  return undefined;
}

function readCompiler(node: JsonNode | undefined, config: SynorConfig, at: At): void {
  if (node?.type !== 'object') return at(node, '"compiler" must be an object');
  for (const prop of node.children ?? []) {
    const [k, v] = prop.children ?? [];
    switch (k?.value) {
      case 'version':
        if (v?.type === 'string' && /^\d+\.\d+\.\d+$/.test(v.value)) config.compiler.version = v.value;
        else at(v, '"compiler.version" must be a version such as "0.8.26"');
        break;
      case 'evmVersion':
        if (v?.type === 'string') config.compiler.evmVersion = v.value;
        else at(v, '"compiler.evmVersion" must be a string');
        break;
      case 'remappings':
        if (v?.type === 'array' && (v.children ?? []).every((c) => c.type === 'string' && /^[^=]*=.+$/.test(c.value))) config.compiler.remappings = (v.children ?? []).map((c) => c.value as string);
        else at(v, '"compiler.remappings" must be an array of "prefix=target" strings');
        break;
      case 'optimizer': {
        const opt = { enabled: false, runs: 200 };
        let ok = v?.type === 'object';
        for (const p of v?.children ?? []) {
          const [ok2, ov] = p.children ?? [];
          if (ok2?.value === 'enabled' && ov?.type === 'boolean') opt.enabled = ov.value;
          else if (ok2?.value === 'runs' && ov?.type === 'number' && Number.isInteger(ov.value) && ov.value > 0) opt.runs = ov.value;
          else {
            at(ok2, `"compiler.optimizer": unknown or invalid key "${ok2?.value}" (expected "enabled": boolean, "runs": positive integer)`);
            ok = false;
          }
        }
        if (v?.type !== 'object') at(v, '"compiler.optimizer" must be an object');
        if (ok) config.compiler.optimizer = opt;
        break;
      }
      default:
        at(k, `unknown key "compiler.${k?.value}" (expected "version", "optimizer", "evmVersion" or "remappings")`);
    }
  }
}

/** Whether a file, given relative to the config's folder with `/` separators, is excluded. */
export function isExcluded(config: SynorConfig, relativePath: string): boolean {
  if (config.exclude.length === 0) return false;
  return picomatch.isMatch(relativePath, config.exclude, { dot: true });
}
