// A static file server for the built site, configured like a production host with an
// SPA fallback: real files are served as they are, any other path gets index.html so a
// reload of a deep URL (/posts/<slug>, /tags/<tag>) starts the app on that route.
//
// Used by the end-to-end tests (startServer) and runnable on its own:
//   node tests/e2e/server.mjs [dir] [port]

import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

/** Serves `dir` on 127.0.0.1:`port` (0 picks a free port). Resolves to { url, close }. */
export function startServer({ dir, port = 0 }) {
  const files = sirv(dir, {
    single: true, // unknown paths → index.html
    dev: true, // re-read the folder on each request; tests rebuild between runs
    etag: true,
    extensions: ['html'], // never 'md': /posts/a is the app's route, /posts/a.md its body
    setHeaders(res, pathname) {
      if (pathname.endsWith('.wasm')) res.setHeader('Content-Type', 'application/wasm');
      if (pathname.endsWith('.md')) res.setHeader('Content-Type', 'text/markdown; charset=utf-8');
    },
  });
  const server = http.createServer((req, res) => files(req, res));
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
  const { url } = await startServer({ dir, port });
  console.log(`serving ${dir} at ${url}/`);
}
