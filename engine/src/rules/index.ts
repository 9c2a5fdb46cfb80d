import type { RuleMeta } from '../types';
import { RuleDefinitionError, type RuleDefinition } from './framework';
import { securityRules } from './security';
import { gasRules } from './gas';
import { qualityRules } from './quality';

let registry: { list: RuleDefinition[]; map: Map<string, RuleMeta> } | undefined;

function load() {
  if (registry) return registry;
  const list = [...securityRules, ...gasRules, ...qualityRules].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
  const map = new Map<string, RuleMeta>();
  for (const r of list) {
    if (map.has(r.meta.id)) throw new RuleDefinitionError(r.meta.id, 'registered twice');
    map.set(r.meta.id, r.meta);
  }
  registry = { list, map };
  return registry;
}

/** Every registered rule, sorted by id. */
export function allRules(): readonly RuleDefinition[] {
  return load().list;
}

/** Rule metadata by id. */
export function ruleMap(): ReadonlyMap<string, RuleMeta> {
  return load().map;
}

export function listRules(): RuleMeta[] {
  return load().list.map((r) => r.meta);
}
