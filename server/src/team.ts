/**
 * The team's triage, from the Synor service (docs/service.md, "From the editor"): when the
 * client configures a server and a project (`synor/team`), the decisions of
 * `GET /api/v1/projects/:id/triage` are fetched, merged with `.synor/triage.json` (see
 * `mergeDecisions`) and applied like local ones; a decision made in the editor is pushed with
 * `PUT …/triage/:fingerprint` when the key may triage (maintainer or admin).
 *
 * The API key never reaches this process: the client holds it in VS Code's SecretStorage and
 * answers `synor/team/token` with a short-lived token exchanged for it (`POST /api/v1/auth/token`),
 * so neither the LSP connection nor this server's log carry the key.
 *
 * The service being down changes nothing local: the last decisions fetched stay in force,
 * the status says so, and fetching is retried with exponential backoff.
 */
import { parseTriage, type TriageEntry } from '../../engine/src';

/** What the client sends in `synor/team` (no secret): where the team's triage lives. */
export interface TeamConfig {
  server: string;
  project: string;
  /** How often the team's triage is fetched again while the service answers. */
  refreshMs: number;
}

export type TeamRole = 'admin' | 'maintainer' | 'viewer';

/** The client's answer to `synor/team/token`. */
export type TokenAnswer = { token: string; expiresIn: number; role: TeamRole } | { error: 'unreachable' | 'refused' | 'no-key'; message: string };

export type TeamState = 'off' | 'connecting' | 'connected' | 'unreachable' | 'refused';

/** Sent to the client as `synor/teamStatus` whenever it changes, and the answer to `synor/team/refresh`. */
export interface TeamStatus {
  state: TeamState;
  server?: string;
  project?: string;
  role?: TeamRole;
  /** True when the key may only read: decisions made in the editor stay in `.synor/triage.json`. */
  readOnly: boolean;
  /** Decisions held from the team's triage. */
  decisions: number;
  /** Decisions made in the editor not yet accepted by the service. */
  pending: number;
  /** ISO time of the last successful fetch. */
  fetchedAt?: string;
  message?: string;
  /** When the next fetch is due (ISO), after a failure, and how long that is from the failure. */
  retryAt?: string;
  retryInMs?: number;
}

/** A decision as the editor shows it: where it came from. */
export type SourcedEntry = TriageEntry & { source: 'local' | 'team' };

export interface TeamHost {
  log(level: 'debug' | 'info' | 'warn', message: string): void;
  /** Asks the client for a token for this server and project. */
  token(server: string, project: string): Promise<TokenAnswer>;
  /** The team's decisions changed: publish again. */
  changed(): void;
  status(s: TeamStatus): void;
  /** A message the user should see (a push refused, a read-only key). */
  warn(message: string): void;
}

const REQUEST_TIMEOUT_MS = 10_000;
const MAX_BACKOFF_MS = 5 * 60_000;
/** A token is renewed this long before it expires. */
const TOKEN_SLACK_MS = 30_000;

/** The instant a triage entry's `date` stands for; a date without a time is the start of that day (UTC). Unknown: 0. */
export function decisionTime(date: string | undefined): number {
  if (!date) return 0;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : date);
  return Number.isFinite(t) ? t : 0;
}

/**
 * Local and team decisions, by fingerprint. Where both decided the same finding, the newer
 * `date` wins; on a tie (or two dates that cannot be read) the team's decision wins, since it
 * is the one everybody else sees.
 */
export function mergeDecisions(local: Readonly<Record<string, TriageEntry>>, team: ReadonlyMap<string, TriageEntry>): Record<string, SourcedEntry> {
  const out: Record<string, SourcedEntry> = {};
  for (const [fp, e] of Object.entries(local)) out[fp] = { ...e, source: 'local' };
  for (const [fp, e] of team) {
    const l = out[fp];
    if (!l || decisionTime(e.date) >= decisionTime(l.date)) out[fp] = { ...e, source: 'team' };
  }
  return out;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Whether a failure means the service could not be reached (retry) rather than that it refused (fix the setup). */
function unreachable(err: unknown): boolean {
  return !(err instanceof HttpFailure) || err.status >= 500 || err.status === 429;
}

function describe(err: unknown): string {
  if (err instanceof HttpFailure) return err.message;
  const e = err as Error & { cause?: { code?: string; message?: string } };
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

export class TeamTriage {
  private config: TeamConfig | undefined;
  private token: { value: string; role: TeamRole; expires: number } | undefined;
  private entries = new Map<string, TriageEntry>();
  /** Decisions made in the editor, waiting for the service, by fingerprint. */
  private readonly pending = new Map<string, TriageEntry>();
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  /** Bumped on every configuration, so that an answer for an older one is dropped. */
  private epoch = 0;
  private running: Promise<TeamStatus> | undefined;
  /** Bumped whenever the decisions change, for caches of merged triage. */
  generation = 0;
  current: TeamStatus = { state: 'off', readOnly: false, decisions: 0, pending: 0 };

  constructor(private readonly host: TeamHost) {}

  /** The team's decisions held now (the last fetched; kept while the service is unreachable). */
  decisions(): ReadonlyMap<string, TriageEntry> {
    return this.entries;
  }

  get enabled(): boolean {
    return !!this.config;
  }

  /** Sets or clears the service to follow; the same configuration again changes nothing. */
  configure(c: TeamConfig | undefined): void {
    const same = c && this.config && c.server === this.config.server && c.project === this.config.project;
    if (same) {
      this.config = c;
      return;
    }
    this.epoch++;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.config = c;
    this.token = undefined;
    this.failures = 0;
    this.pending.clear();
    this.running = undefined;
    const had = this.entries.size > 0;
    this.entries = new Map();
    if (had) this.bump();
    if (!c) {
      this.setStatus({ state: 'off', readOnly: false, decisions: 0, pending: 0 });
      this.host.log('info', 'team triage off');
      return;
    }
    this.host.log('info', `team triage: following project ${c.project} on ${c.server}`);
    this.setStatus({ state: 'connecting', server: c.server, project: c.project, readOnly: false, decisions: 0, pending: 0 });
    void this.refresh();
  }

  /** Fetches the team's triage now (pending pushes first); concurrent calls share one fetch. */
  refresh(): Promise<TeamStatus> {
    if (!this.config) return Promise.resolve(this.current);
    this.running ??= this.fetchOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * A decision was recorded in the editor: it goes to the service when the key may triage;
   * with a viewer key the user is told that it stays local.
   */
  recorded(fingerprint: string, entry: TriageEntry): void {
    const c = this.config;
    if (!c) return;
    if (this.token?.role === 'viewer' || this.current.role === 'viewer') {
      this.host.warn(`Synor: your API key for ${c.server} is read-only (viewer); this decision is kept in .synor/triage.json only and is not shared with the team. A maintainer key can triage for the team.`);
      return;
    }
    this.pending.set(fingerprint, entry);
    this.setStatus({ ...this.current, pending: this.pending.size });
    void this.refresh();
  }

  dispose(): void {
    this.epoch++;
    clearTimeout(this.timer);
    this.config = undefined;
  }

  private bump(): void {
    this.generation++;
    this.host.changed();
  }

  private setStatus(s: TeamStatus): void {
    this.current = s;
    this.host.status(s);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), ms);
    this.timer.unref?.();
  }

  private async fetchOnce(): Promise<TeamStatus> {
    const c = this.config!;
    const epoch = this.epoch;
    try {
      await this.ensureToken(c, epoch);
      await this.flush(c, epoch);
      const r = await this.call(c, 'GET', `/api/v1/projects/${encodeURIComponent(c.project)}/triage`);
      if (epoch !== this.epoch) return this.current;
      const triage = parseTriage(r, `${c.server} triage of project ${c.project}`);
      const next = new Map(Object.entries(triage.findings));
      const changed = !sameDecisions(this.entries, next);
      this.entries = next;
      if (this.failures > 0 || this.current.state !== 'connected') this.host.log('info', `team triage: ${next.size} decisions from ${c.server} (project ${c.project}, ${this.token!.role} key)`);
      this.failures = 0;
      this.setStatus({
        state: 'connected',
        server: c.server,
        project: c.project,
        role: this.token!.role,
        readOnly: this.token!.role === 'viewer',
        decisions: next.size,
        pending: this.pending.size,
        fetchedAt: new Date().toISOString(),
      });
      if (changed) this.bump();
      this.schedule(c.refreshMs);
    } catch (err) {
      if (epoch !== this.epoch) return this.current;
      this.failed(c, err);
    }
    return this.current;
  }

  private failed(c: TeamConfig, err: unknown): void {
    this.failures++;
    const down = unreachable(err);
    const base = Math.min(2000, c.refreshMs);
    const delay = Math.min(MAX_BACKOFF_MS, base * 2 ** Math.min(this.failures - 1, 20));
    const message = down
      ? `${c.server} is unreachable (${describe(err)}); local triage still applies${this.entries.size > 0 ? ` with the ${this.entries.size} team decisions fetched before` : ''}`
      : `${c.server} refused: ${describe(err)}`;
    // Said once when it starts failing, then only in the debug log, so that a long outage does not flood the log.
    this.host.log(this.failures === 1 || this.current.message !== message ? 'warn' : 'debug', `team triage: ${message}; retrying in ${Math.round(delay / 1000)} s`);
    this.setStatus({
      ...this.current,
      state: down ? 'unreachable' : 'refused',
      server: c.server,
      project: c.project,
      decisions: this.entries.size,
      pending: this.pending.size,
      message,
      retryAt: new Date(Date.now() + delay).toISOString(),
      retryInMs: delay,
    });
    this.schedule(delay);
  }

  private async ensureToken(c: TeamConfig, epoch: number): Promise<void> {
    if (this.token && this.token.expires - TOKEN_SLACK_MS > Date.now()) return;
    this.token = undefined;
    const a = await this.host.token(c.server, c.project);
    if (epoch !== this.epoch) throw new Error('configuration changed');
    if ('error' in a) {
      if (a.error === 'unreachable') throw new Error(a.message);
      throw new HttpFailure(401, a.message);
    }
    if (typeof a.token !== 'string' || !['admin', 'maintainer', 'viewer'].includes(a.role)) throw new HttpFailure(401, 'the client answered no usable token');
    this.token = { value: a.token, role: a.role, expires: Date.now() + Math.max(1, a.expiresIn) * 1000 };
  }

  /** Sends the decisions made in the editor; one the service refuses is dropped with a message, one it could not take stays. */
  private async flush(c: TeamConfig, epoch: number): Promise<void> {
    if (this.pending.size === 0) return;
    if (this.token?.role === 'viewer') {
      this.host.warn(`Synor: your API key for ${c.server} is read-only (viewer); ${this.pending.size} decision(s) stay in .synor/triage.json only.`);
      this.pending.clear();
      return;
    }
    for (const [fp, e] of [...this.pending]) {
      try {
        await this.call(c, 'PUT', `/api/v1/projects/${encodeURIComponent(c.project)}/triage/${encodeURIComponent(fp)}`, { state: e.state, reason: e.reason || '(no reason given)', ...(e.author ? { author: e.author } : {}) });
        if (epoch !== this.epoch) return;
        this.pending.delete(fp);
        this.host.log('info', `team triage: pushed ${fp} (${e.state}) to ${c.server}`);
      } catch (err) {
        if (unreachable(err)) throw err;
        this.pending.delete(fp);
        this.host.warn(`Synor: the service did not take the decision on ${fp}: ${describe(err)}. It is kept in .synor/triage.json.`);
      }
    }
  }

  /** One request with the token; a 401 renews the token once (it may have expired or been revoked). */
  private async call(c: TeamConfig, method: string, url: string, body?: unknown, renewed = false): Promise<string> {
    const res = await fetch(c.server + url, {
      method,
      headers: { authorization: `Bearer ${this.token!.value}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    if (res.status === 401 && !renewed) {
      this.token = undefined;
      await this.ensureToken(c, this.epoch);
      return this.call(c, method, url, body, true);
    }
    if (res.status < 200 || res.status >= 300) {
      let e: { type?: string; message?: string } | undefined;
      try {
        e = (JSON.parse(text) as { error?: { type?: string; message?: string } }).error;
      } catch {
        e = undefined;
      }
      throw new HttpFailure(res.status, `${method} ${url}: ${res.status}${e ? ` ${e.type}: ${e.message}` : ''}`);
    }
    return text;
  }
}

function sameDecisions(a: ReadonlyMap<string, TriageEntry>, b: ReadonlyMap<string, TriageEntry>): boolean {
  if (a.size !== b.size) return false;
  for (const [fp, e] of a) {
    const o = b.get(fp);
    if (!o || o.state !== e.state || o.reason !== e.reason || o.author !== e.author || o.date !== e.date) return false;
  }
  return true;
}

/** The `synor/team` notification's params, checked: undefined turns the team's triage off. */
export function teamConfigOf(raw: unknown): TeamConfig | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.server !== 'string' || typeof r.project !== 'string' || r.project.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(r.server);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const seconds = typeof r.refreshSeconds === 'number' && Number.isFinite(r.refreshSeconds) ? r.refreshSeconds : 60;
  return { server: url.origin + url.pathname.replace(/\/+$/, ''), project: r.project.trim(), refreshMs: Math.round(Math.min(86_400, Math.max(1, seconds)) * 1000) };
}
