/**
 * The compiler version a project builds with, read from its configuration
 * without running any of it: Foundry's `solc` / `solc_version` in the default
 * profile, or a Hardhat config that names exactly one compiler version.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FoundrySettings } from '../compile/imports';

const VERSION = /^\d+\.\d+\.\d+$/;
const HARDHAT_CONFIGS = ['hardhat.config.ts', 'hardhat.config.js', 'hardhat.config.cjs', 'hardhat.config.mjs'];

export function projectSolcVersion(root: string, _foundry?: FoundrySettings): string | undefined {
  const toml = read(path.join(root, 'foundry.toml'));
  if (toml !== undefined) {
    const v = foundrySolc(toml);
    if (v) return v;
  }
  for (const name of HARDHAT_CONFIGS) {
    const text = read(path.join(root, name));
    if (text === undefined) continue;
    const v = hardhatSolc(text);
    if (v) return v;
  }
  return undefined;
}

/** `solc = "0.8.24"` or `solc_version = '0.8.24'` in `[profile.default]` (or before any section). */
export function foundrySolc(text: string): string | undefined {
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const sec = /^\[([^\]]+)\]$/.exec(line);
    if (sec) {
      section = sec[1].trim();
      continue;
    }
    if (section !== '' && section !== 'profile.default') continue;
    const m = /^(solc|solc_version)\s*=\s*["']?([^"'\s]+)["']?$/.exec(line);
    if (m) {
      const v = m[2].replace(/^v/, '');
      if (VERSION.test(v)) return v;
    }
  }
  return undefined;
}

/**
 * The one compiler version a Hardhat config names (`solidity: "0.8.24"` or
 * `version: "0.8.24"`); undefined when it names several (per-file overrides).
 */
export function hardhatSolc(text: string): string | undefined {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const found = new Set<string>();
  for (const m of code.matchAll(/\b(?:solidity|version)\s*:\s*["'`](\d+\.\d+\.\d+)["'`]/g)) found.add(m[1]);
  return found.size === 1 ? [...found][0] : undefined;
}

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
