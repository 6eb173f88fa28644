// A static file server for the built site, configured like a production host. Real
// files are served as they are, `/x` is `x.html` if there is one (clean URLs, as on
// GitHub Pages, Netlify, Cloudflare Pages); what happens to any other path depends on
// `fallback`:
//
//   'spa'      (default) the app shell 404.html with status 200, so a reload of a deep
//              URL (/tags/<tag>, /search?q=) starts the app on that route. This is
//              fumi's `_redirects` (`/* /404.html 200`), nginx's `try_files $uri
//              $uri.html /404.html`. (index.html is the static home page.)
//   '404.html' no rewrites: the site's own 404.html with status 404, as GitHub Pages,
//              S3 and most plain static hosts do. A 404.html that is a copy of
//              index.html still starts the app on the right route.
//
// `base` serves the site under a path prefix, as a project site or a reverse proxy
// does: with base '/blog/', URL /blog/x is file x, /blog redirects to /blog/, and
// anything outside the prefix is a plain 404 (another site lives there).
//
// `headers: true` answers with the headers the build's `_headers` file asks for, as
// Netlify and Cloudflare Pages do (every rule whose path pattern matches the request
// path, `*` matching anything), so the Content-Security-Policy and cache rules apply.
//
// `intercept(req, res)` sees every request first and may answer it itself (returning
// true): the fault tests use it to misbehave on a real socket (never answer, close
// mid-body).
//
// Used by the end-to-end tests (startServer) and runnable on its own:
//   node tests/e2e/server.mjs [dir] [port] [base] [fallback] [headers]

import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released for a server to take). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * The rules of a Netlify-style `_headers` file: [{ pattern: RegExp, headers: [[name, value]] }].
 * A line starting at column 0 is a path (`*` matches anything, `:name` one segment);
 * indented `Name: value` lines below it are its headers; `#` starts a comment.
 */
export function parseHeadersFile(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const source = line
        .trim()
        .split(/(\*|:[A-Za-z]+)/)
        .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
        .join('');
      rules.push({ pattern: new RegExp(`^${source}$`), headers: [] });
    } else if (rules.length) {
      const at = line.indexOf(':');
      if (at > 0) rules.at(-1).headers.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
    }
  }
  return rules;
}

/**
 * Serves `dir` on 127.0.0.1:`port` (0 picks a free port) under `base`, with the
 * given `fallback` ('spa' | '404.html'), the `_headers` rules if `headers`, and
 * `intercept` first. Resolves to { url, close }; `url` is the origin, without the base.
 */
export function startServer({ dir, port = 0, base = '/', fallback = 'spa', headers = false, intercept = null }) {
  if (!['spa', '404.html'].includes(fallback)) throw new Error(`unknown fallback: ${fallback}`);
  const headerRules = headers ? parseHeadersFile(fs.readFileSync(path.join(dir, '_headers'), 'utf8')) : [];
  // '' or '/blog', percent-encoded as request paths are ('/日記' → '/%E6%97%A5%E8%A8%98').
  const prefix = encodeURI(decodeURI(`/${base.replace(/^\/+|\/+$/g, '')}`)).replace(/^\/$/, '');
  const files = sirv(dir, {
    single: fallback === 'spa' ? '404.html' : false, // unknown paths (no file extension) → the app shell
    dev: true, // re-read the folder on each request; tests rebuild between runs
    etag: true,
    extensions: ['html'], // never 'md': /posts/a is the app's route, /posts/a.md its body
    setHeaders(res, pathname) {
      if (pathname.endsWith('.wasm')) res.setHeader('Content-Type', 'application/wasm');
      if (pathname.endsWith('.md')) res.setHeader('Content-Type', 'text/markdown; charset=utf-8');
    },
  });
  const notFound = (res, page) => {
    res.statusCode = 404;
    if (page && fs.existsSync(page)) {
      res.setHeader('Content-Type', 'text/html;charset=utf-8');
      res.setHeader('Cache-Control', 'no-cache');
      res.end(fs.readFileSync(page));
    } else {
      res.setHeader('Content-Type', 'text/plain;charset=utf-8');
      res.end('Not Found\n');
    }
  };
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://host');
    if (headerRules.length) {
      // Rules match the path as written in the file: decoded (`/日記/*`).
      let pathname = url.pathname;
      try {
        pathname = decodeURI(pathname);
      } catch {}
      for (const rule of headerRules.filter((r) => r.pattern.test(pathname))) {
        for (const [name, value] of rule.headers) {
          const before = res.getHeader(name);
          res.setHeader(name, before ? `${before}, ${value}` : value);
        }
      }
    }
    if (intercept?.(req, res)) return;
    if (prefix) {
      if (url.pathname === prefix) {
        // Like every static host: the folder's URL gets its trailing slash.
        res.writeHead(301, { Location: `${prefix}/${url.search}` }).end();
        return;
      }
      if (!url.pathname.startsWith(`${prefix}/`)) return notFound(res, null);
      req.url = req.url.slice(prefix.length); // the site sees paths relative to its root
    }
    files(req, res, () => notFound(res, fallback === '404.html' ? path.join(dir, '404.html') : null));
  });
  // Remembered so that close() also ends connections an intercept left hanging.
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address();
      resolve({
        url: `http://127.0.0.1:${actual}`,
        close: () =>
          new Promise((done) => {
            server.close(done);
            for (const socket of sockets) socket.destroy();
          }),
      });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = path.resolve(process.argv[2] ?? 'dist');
  const port = Number(process.argv[3] ?? 8081);
  const base = process.argv[4] ?? '/';
  const fallback = process.argv[5] ?? 'spa';
  const headers = process.argv[6] === 'headers';
  const { url } = await startServer({ dir, port, base, fallback, headers });
  console.log(
    `serving ${dir} at ${url}${base.startsWith('/') ? base : `/${base}`} (fallback: ${fallback}${headers ? ', _headers applied' : ''})`,
  );
}
