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
// Used by the end-to-end tests (startServer) and runnable on its own:
//   node tests/e2e/server.mjs [dir] [port] [base] [fallback]

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

/**
 * Serves `dir` on 127.0.0.1:`port` (0 picks a free port) under `base`, with the
 * given `fallback` ('spa' | '404.html'). Resolves to { url, close }; `url` is the
 * origin, without the base.
 */
export function startServer({ dir, port = 0, base = '/', fallback = 'spa' }) {
  if (!['spa', '404.html'].includes(fallback)) throw new Error(`unknown fallback: ${fallback}`);
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
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://host');
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
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address();
      resolve({
        url: `http://127.0.0.1:${actual}`,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = path.resolve(process.argv[2] ?? 'dist');
  const port = Number(process.argv[3] ?? 8081);
  const base = process.argv[4] ?? '/';
  const fallback = process.argv[5] ?? 'spa';
  const { url } = await startServer({ dir, port, base, fallback });
  console.log(`serving ${dir} at ${url}${base.startsWith('/') ? base : `/${base}`} (fallback: ${fallback})`);
}
