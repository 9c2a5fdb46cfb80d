/**
 * The web dashboard: a few hand-written static files (HTML, CSS, ES modules)
 * served by the API's own Fastify app at `/dashboard/`. It talks to the same
 * public API as any client, with a token it obtains for an API key; the server
 * side here only serves files, under a strict Content-Security-Policy (nothing
 * from another origin, no inline script or style).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ApiError } from '../errors';

/** Everything the page may load comes from this origin; scripts only as files, styles only as files. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * The folder of the dashboard's files: beside the bundle (`cli/out/dashboard`, copied there by
 * scripts/build.mjs) or, run from sources, `assets` beside this module.
 */
export function assetsDir(): string | undefined {
  return [path.join(__dirname, 'dashboard'), path.join(__dirname, 'assets')].find((d) => fs.existsSync(path.join(d, 'index.html')));
}

/** Reads the files once: they are small, and a fixed set of names means no path from a request ever reaches the file system. */
function loadAssets(dir: string | undefined): Map<string, { body: Buffer; type: string }> {
  const files = new Map<string, { body: Buffer; type: string }>();
  if (!dir) return files;
  for (const name of fs.readdirSync(dir)) {
    const type = TYPES[path.extname(name)];
    if (type && /^[\w.-]+$/.test(name)) files.set(name, { body: fs.readFileSync(path.join(dir, name)), type });
  }
  return files;
}

export async function registerDashboard(app: FastifyInstance): Promise<void> {
  const files = loadAssets(assetsDir());
  const send = (reply: FastifyReply, name: string) => {
    const f = files.get(name);
    if (!f) {
      if (files.size === 0) throw new ApiError('unavailable', "the dashboard's files are missing from this build (run npm run build)");
      throw new ApiError('not_found', `no dashboard file ${name}`);
    }
    return reply
      .type(f.type)
      .header('content-security-policy', DASHBOARD_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('x-frame-options', 'DENY')
      .header('cache-control', 'no-cache')
      .send(f.body);
  };
  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/dashboard/'));
  app.get('/dashboard', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/dashboard/'));
  app.get('/dashboard/', { schema: { hide: true } }, async (_req, reply) => send(reply, 'index.html'));
  app.get<{ Params: { file: string } }>('/dashboard/:file', { schema: { hide: true } }, async (req, reply) => send(reply, req.params.file));
}
