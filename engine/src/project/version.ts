/**
 * The compiler a project builds with, read from its configuration without
 * running any of it: `synor.config.json`'s `compiler`, Foundry's
 * `foundry.toml` (the default profile, overlaid by `FOUNDRY_PROFILE`'s), or a
 * Hardhat config (`solidity: "0.8.24"`, or `compilers: [{ version, settings }]`).
 * Configuration files are read as text: a Hardhat config is JavaScript and is
 * never executed, so only literal values are understood.
 */
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { parse as parseJsonc } from 'jsonc-parser';
import type { FoundrySettings } from '../compile/imports';

const VERSION = /^\d+\.\d+\.\d+$/;
const HARDHAT_CONFIGS = ['hardhat.config.ts', 'hardhat.config.js', 'hardhat.config.cjs', 'hardhat.config.mts', 'hardhat.config.mjs'];

/** What a project's configuration says about its compiler. */
export interface ProjectCompiler {
  /** The one version it builds with. */
  version?: string;
  /** Several versions (Hardhat `compilers`): each file is built by the newest one its pragma allows. */
  versions?: string[];
  optimizer?: { enabled: boolean; runs: number };
  evmVersion?: string;
  viaIR?: boolean;
  /** Where it was read: `foundry.toml [profile.default]`, `hardhat.config.ts`, `synor.config.json`. */
  from?: string;
}

/** The version a project builds with, when its configuration names exactly one (the fast tier's assumption). */
export function projectSolcVersion(root: string, _foundry?: FoundrySettings): string | undefined {
  return projectCompiler(root).version;
}

/** Everything the project's configuration says about its compiler; the first file that names a version wins. */
export function projectCompiler(root: string, profile = process.env.FOUNDRY_PROFILE): ProjectCompiler {
  const synor = read(path.join(root, 'synor.config.json'));
  if (synor !== undefined) {
    const c = synorCompiler(synor);
    if (c.version) return { ...c, from: 'synor.config.json' };
  }
  const toml = read(path.join(root, 'foundry.toml'));
  if (toml !== undefined) {
    const c = foundryCompiler(toml, profile);
    if (c.version || c.optimizer || c.evmVersion || c.viaIR) return c;
  }
  for (const name of HARDHAT_CONFIGS) {
    const text = read(path.join(root, name));
    if (text === undefined) continue;
    const c = hardhatCompiler(text);
    if (c.version || c.versions || c.optimizer) return { ...c, from: name };
  }
  return {};
}

function synorCompiler(text: string): ProjectCompiler {
  try {
    const c = (parseJsonc(text) as { compiler?: { version?: unknown } } | undefined)?.compiler;
    return typeof c?.version === 'string' && VERSION.test(c.version) ? { version: c.version } : {};
  } catch {
    return {};
  }
}

/** `solc = "0.8.24"` or `solc_version = '0.8.24'` in `[profile.default]` (or before any section). */
export function foundrySolc(text: string): string | undefined {
  return foundryCompiler(text, undefined).version;
}

/**
 * The compiler keys of `foundry.toml`: the default profile, then the named
 * profile's keys over it (as `FOUNDRY_PROFILE=ci forge build` does).
 */
export function foundryCompiler(text: string, profile: string | undefined): ProjectCompiler {
  const sections = ['', 'profile.default', ...(profile && profile !== 'default' ? [`profile.${profile}`] : [])];
  const out: ProjectCompiler = {};
  let runs: number | undefined;
  let enabled: boolean | undefined;
  const used = new Set<string>();
  for (const want of sections) {
    let section = '';
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.replace(/#.*$/, '').trim();
      const sec = /^\[([^\]]+)\]$/.exec(line);
      if (sec) {
        section = sec[1].trim();
        continue;
      }
      if (section !== want) continue;
      const kv = /^([A-Za-z_]+)\s*=\s*["']?([^"'\s]+)["']?$/.exec(line);
      if (!kv) continue;
      const [, key, value] = kv;
      if (key === 'solc' || key === 'solc_version') {
        const v = value.replace(/^v/, '');
        if (VERSION.test(v)) out.version = v;
      } else if (key === 'optimizer') enabled = value === 'true';
      else if (key === 'optimizer_runs') runs = Number(value.replace(/_/g, ''));
      else if (key === 'evm_version') out.evmVersion = value.toLowerCase();
      else if (key === 'via_ir') out.viaIR = value === 'true';
      else continue;
      used.add(want || 'profile.default');
    }
  }
  if (enabled !== undefined || runs !== undefined) out.optimizer = { enabled: enabled ?? false, runs: Number.isFinite(runs) && runs! > 0 ? runs! : 200 };
  out.from = `foundry.toml [${[...used].join(', ') || 'profile.default'}]`;
  return out;
}

/**
 * The one compiler version a Hardhat config names (`solidity: "0.8.24"` or
 * `version: "0.8.24"`); undefined when it names several (per-file overrides).
 */
export function hardhatSolc(text: string): string | undefined {
  return hardhatCompiler(text).version;
}

/** Versions and the first optimizer, `viaIR` and `evmVersion` settings a Hardhat config writes literally. */
export function hardhatCompiler(text: string): ProjectCompiler {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const found = new Set<string>();
  for (const m of code.matchAll(/\b(?:solidity|version)\s*:\s*["'`](\d+\.\d+\.\d+)["'`]/g)) found.add(m[1]);
  const out: ProjectCompiler = {};
  if (found.size === 1) out.version = [...found][0];
  else if (found.size > 1) out.versions = [...found].sort(semver.compare);
  const opt = /\boptimizer\s*:\s*\{([^}]*)\}/.exec(code);
  if (opt) {
    const enabled = /\benabled\s*:\s*(true|false)/.exec(opt[1]);
    const runs = /\bruns\s*:\s*(\d[\d_]*)/.exec(opt[1]);
    out.optimizer = { enabled: enabled?.[1] === 'true', runs: runs ? Number(runs[1].replace(/_/g, '')) : 200 };
  }
  const evm = /\bevmVersion\s*:\s*["'`](\w+)["'`]/.exec(code);
  if (evm) out.evmVersion = evm[1].toLowerCase();
  if (/\bviaIR\s*:\s*true\b/.test(code)) out.viaIR = true;
  return out;
}

/** The version a file is built with under `c`: the one version, or the newest of several its pragma range allows. */
export function versionForRange(c: ProjectCompiler, range: string | undefined): string | undefined {
  if (c.version) return c.version;
  const fits = (c.versions ?? []).filter((v) => {
    try {
      return !range || semver.satisfies(v, range);
    } catch {
      return false;
    }
  });
  return fits[fits.length - 1];
}

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
