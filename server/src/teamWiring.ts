/**
 * The team's triage (team.ts) wired to the LSP connection and the service:
 *
 * Notification `synor/team` { server, project, refreshSeconds? } (client → server)
 *   Follows that project's triage on that Synor service; anything else (`{}`, null) turns it off.
 * Request `synor/team/token` { server, project } → TokenAnswer (server → client)
 *   A short-lived token for the key the user stored for that server; the key stays in the client.
 * Notification `synor/teamStatus` TeamStatus (server → client)
 *   The connection's state, whenever it changes (the status bar, the findings view).
 * Request `synor/team/refresh` → TeamStatus (client → server)
 *   Fetches the team's triage now ("Synor: Refresh Team Triage").
 */
import type { SynorService } from './service';
import { TeamTriage, teamConfigOf, type TeamStatus, type TokenAnswer } from './team';

export const TEAM_NOTIFICATION = 'synor/team';
export const TEAM_TOKEN_REQUEST = 'synor/team/token';
export const TEAM_STATUS_NOTIFICATION = 'synor/teamStatus';
export const TEAM_REFRESH_REQUEST = 'synor/team/refresh';

export function wireTeam(svc: SynorService): { configure(raw: unknown): void; refresh(): Promise<TeamStatus>; dispose(): void } {
  const team = new TeamTriage({
    log: (level, message) => svc.log[level](message),
    token: async (server, project) => {
      try {
        return (await svc.connection.sendRequest(TEAM_TOKEN_REQUEST, { server, project })) as TokenAnswer;
      } catch (err) {
        return { error: 'no-key', message: `the editor gave no token: ${(err as Error)?.message ?? String(err)}` };
      }
    },
    changed: () => {
      // Every document shown is published again with the new decisions.
      for (const state of svc.store.all()) if (state.fast || state.display) svc.publish(state.uri);
    },
    status: (s) => void svc.connection.sendNotification(TEAM_STATUS_NOTIFICATION, s).catch(() => undefined),
    warn: (message) => {
      svc.log.warn(message);
      void svc.connection.window.showWarningMessage(message);
    },
  });
  svc.triage.team = team;
  return {
    configure: (raw) => {
      const c = teamConfigOf(raw);
      if (raw && typeof raw === 'object' && Object.keys(raw).length > 0 && !c) svc.log.warn('synor/team: ignored (needs an http(s) "server" and a "project")');
      team.configure(c);
    },
    refresh: () => team.refresh(),
    dispose: () => team.dispose(),
  };
}
