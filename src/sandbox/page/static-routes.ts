import { readFileSync } from 'node:fs';
import type { Route } from '../../http/http-server.js';

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/**
 * The page renders text that came from outside (commit messages, branch names) and builds its
 * DOM with textContent only; this policy is the second line: no inline script, no other origin.
 */
export const PAGE_SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const FILES: Record<string, string> = {
  '/': 'index.html',
  '/sandbox/page.css': 'page.css',
  '/sandbox/page.js': 'page.js',
  '/sandbox/panels.js': 'panels.js',
  '/sandbox/render-message.js': 'render-message.js',
  '/sandbox/mrkdwn.js': 'mrkdwn.js',
  '/sandbox/dom.js': 'dom.js',
  '/sandbox/modal.js': 'modal.js',
};

/** The page's files, read once at start-up (they are small) and served as they are: no build step. */
export function staticRoutes(): Route[] {
  return Object.entries(FILES).map(([path, file]) => {
    const body = readFileSync(new URL(`./static/${file}`, import.meta.url));
    const type = TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream';
    return {
      method: 'GET',
      path,
      handle(_req, res) {
        res.writeHead(200, { 'content-type': type, 'content-length': body.length, ...PAGE_SECURITY_HEADERS });
        res.end(body);
      },
    };
  });
}
