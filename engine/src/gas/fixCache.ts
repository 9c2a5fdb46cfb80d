import { createHash } from 'node:crypto';
import type { Finding, FindingGas } from '../types';

/**
 * A stable id of one fix of a finding: the rule, where the finding starts and
 * the fix's edits. The same fix found by the fast tier and by the deep tier
 * (or at another index after a re-publish) gets the same id, and a fix whose
 * edits differ does not.
 */
export function fixId(finding: Finding, fixIndex: number): string {
  const fix = finding.fixes[fixIndex];
  const h = createHash('sha1');
  h.update(`${finding.ruleId}\0${finding.range.start.line}:${finding.range.start.character}\0`);
  for (const e of fix?.edits ?? []) h.update(`${e.range.start.line}:${e.range.start.character}-${e.range.end.line}:${e.range.end.character}\0${e.newText}\0`);
  return h.digest('hex').slice(0, 20);
}

/** The content hash the cache keys a text by. */
export function textHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** What a measurement depends on beyond the text: the file, project root, configuration and compiler. */
export interface MeasureSettings {
  path: string;
  root?: string;
  config?: unknown;
  compilerPath?: string;
  trusted?: boolean;
}

/** A short key of the settings a fix was measured with. */
export function settingsKey(s: MeasureSettings): string {
  return createHash('sha1')
    .update(JSON.stringify([s.path, s.root ?? '', s.config ?? null, s.compilerPath ?? '', s.trusted === true]))
    .digest('hex')
    .slice(0, 16);
}

/**
 * Measured fixes by (text hash, settings, fix id), least recently used first
 * out. A figure is for exactly the text it was measured on: an edit changes
 * the hash, so the figure is no longer found and the unmeasured title is shown
 * until the fix is measured again.
 */
export class FixMeasurements {
  private readonly map = new Map<string, FindingGas>();
  constructor(readonly limit = 512) {}

  static key(text: string, settings: MeasureSettings, finding: Finding, fixIndex: number): string {
    return FixMeasurements.keyWith(text, settingsKey(settings), finding, fixIndex);
  }

  /** The key with the settings already reduced to their key (`settingsKey`). */
  static keyWith(text: string, settings: string, finding: Finding, fixIndex: number): string {
    return FixMeasurements.keyOfHash(textHash(text), settings, finding, fixIndex);
  }

  /** The key with the text already hashed (`textHash`) and the settings reduced to their key. */
  static keyOfHash(hash: string, settings: string, finding: Finding, fixIndex: number): string {
    return `${hash}|${settings}|${fixId(finding, fixIndex)}`;
  }

  get(key: string): FindingGas | undefined {
    const v = this.map.get(key);
    if (v) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  set(key: string, gas: FindingGas): void {
    this.map.delete(key);
    this.map.set(key, gas);
    while (this.map.size > this.limit) this.map.delete(this.map.keys().next().value!);
  }

  /**
   * Forgets the figures measured with these settings (so for one file): a file
   * it imports changed, and a figure keyed by its own text alone would outlive
   * that.
   */
  forgetSettings(settings: string): void {
    for (const key of [...this.map.keys()]) if (key.split('|')[1] === settings) this.map.delete(key);
  }

  /** Forgets every figure (the configuration or the import resolution changed). */
  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}
