// Security headers on every response — API answers, the web front end's pages and files, errors,
// and the live event stream (which writes its own head): they are set on the raw response at the
// start of each request, so nothing that answers later can leave them out.
//
// Scripts only from this origin (no inline script, no eval); styles may be inline because Ant Design
// writes its styles at run time. /docs (Swagger UI) gets its own policy on its routes only.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';

export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// Swagger UI: its own files only, but it draws its icons from data: URLs and styles elements inline.
export const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function registerSecurityHeaders(app: FastifyInstance, config: Pick<Config, 'cookieSecure'>) {
  app.addHook('onRequest', async (req, reply) => {
    const res = reply.raw;
    const docs = /^\/docs(\/|$|\?)/.test(req.url);
    res.setHeader('content-security-policy', docs ? DOCS_CSP : APP_CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-frame-options', 'DENY');
    // Only where the service is reached over TLS: HSTS on plain HTTP would lock a browser out of it.
    if (config.cookieSecure) res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
}
