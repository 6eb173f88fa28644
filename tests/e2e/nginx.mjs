// A CDN-like host for the built site: Debian's nginx with the brotli_static module,
// configured with examples/nginx/fumi.conf (the file the README gives deployers), run
// as an ordinary process: no daemon, no root configuration, its own prefix in a
// temporary folder (configuration, pid, logs, temp files), a free high port.
//
//   const { url, stop } = await startNginx({ dist: 'dist', base: '/blog/' });
//   // url is the origin, without the base: `${url}/blog/posts/a`
//   await stop();
//
// `mode`:
//   'clean-urls'    (default) examples/nginx/fumi.conf as it is: /posts/<slug> from
//                   posts/<slug>.html or posts/<slug>/index.html, any other path the
//                   app shell 404.html with status 200
//   'spa-fallback'  a host whose only rule is the usual SPA one,
//                   `try_files $uri $uri/ <base>index.html;` (same compression and
//                   headers): every unknown path gets the home page
//
// Used by tests/e2e/nginx-hosting.test.mjs and the bench; runnable on its own:
//   node tests/e2e/nginx.mjs [dist] [base] [mode]

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { freePort } from './server.mjs';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The site configuration the README gives deployers. */
export const SITE_CONF = path.resolve(HERE, '../../examples/nginx/fumi.conf');
export const NGINX = process.env.FUMI_NGINX ?? '/usr/sbin/nginx';
const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';
const MIME_TYPES = '/etc/nginx/mime.types';

/** Whether nginx and its brotli_static module are installed (scripts/lib/setup.sh: ensure_nginx). */
export function nginxAvailable() {
  return fs.existsSync(NGINX) && fs.existsSync(BROTLI_MODULE);
}


/** `/`, `/blog/`: one slash at each end. */
function normaliseBase(base) {
  const inner = base.replace(/^\/+|\/+$/g, '');
  return inner ? `/${inner}/` : '/';
}

/** The site block for `mode`: the README's file, or the same with only an SPA fallback. */
function siteConf(mode, base) {
  const conf = fs.readFileSync(SITE_CONF, 'utf8');
  if (mode === 'clean-urls') return `include ${SITE_CONF};`;
  if (mode !== 'spa-fallback') throw new Error(`unknown mode: ${mode}`);
  const tryFiles = /^try_files .*;$/m;
  if (!tryFiles.test(conf)) throw new Error(`${SITE_CONF} has no try_files line`);
  return conf.replace(tryFiles, `try_files $uri $uri/ ${base}index.html;`);
}

/** nginx.conf for one site under `base`, with the server's root at `root`. */
export function nginxConf({ prefix, root, base, port, mode }) {
  const asRoot = process.getuid?.() === 0;
  return `# Written by tests/e2e/nginx.mjs for one test or bench run.
load_module ${BROTLI_MODULE};
daemon off;
master_process on;
worker_processes 1;
${asRoot ? 'user root;  # workers must read the temporary folders (mode 0700)' : ''}
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 256; }
http {
  include ${MIME_TYPES};
  types { text/markdown md; }
  default_type application/octet-stream;
  access_log ${prefix}/logs/access.log;
  client_body_temp_path ${prefix}/temp/client_body;
  proxy_temp_path ${prefix}/temp/proxy;
  fastcgi_temp_path ${prefix}/temp/fastcgi;
  uwsgi_temp_path ${prefix}/temp/uwsgi;
  scgi_temp_path ${prefix}/temp/scgi;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  absolute_redirect off;
  server_tokens off;
  server {
    listen 127.0.0.1:${port};
    server_name localhost;
    root ${root};
    location ${base} {
      set $fumi_base ${base};
      ${siteConf(mode, base).replace(/\n/g, '\n      ')}
    }
  }
}
`;
}

async function waitUntilUp(url, child, errorLog, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      const log = fs.existsSync(errorLog) ? fs.readFileSync(errorLog, 'utf8') : '';
      throw new Error(`nginx exited with ${child.exitCode}: ${child.stderrText}${log}`);
    }
    const ok = await new Promise((resolve) => {
      const req = http.get(url, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
      req.setTimeout(1000, () => req.destroy());
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nginx did not answer at ${url} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Serves `dist` under `base` with nginx in `mode` ('clean-urls' | 'spa-fallback').
 * Resolves to { url, base, prefix, conf, stop }; `url` is the origin, without the base.
 */
export async function startNginx({ dist, base = '/', mode = 'clean-urls' }) {
  if (!nginxAvailable()) throw new Error(`nginx with brotli_static is not installed (${NGINX}, ${BROTLI_MODULE}): scripts/lib/setup.sh ensure_nginx`);
  base = normaliseBase(base);
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'fumi-nginx-'));
  for (const d of ['logs', 'temp', 'site']) fs.mkdirSync(path.join(prefix, d));
  // The server's root holds the site at its base: the build itself at /, a link to it
  // at /blog/ (nginx follows links by default), as a deployer's upload would sit.
  let root = path.resolve(dist);
  if (base !== '/') {
    root = path.join(prefix, 'site');
    const parts = decodeURI(base).split('/').filter(Boolean);
    const parent = path.join(root, ...parts.slice(0, -1));
    fs.mkdirSync(parent, { recursive: true });
    fs.symlinkSync(path.resolve(dist), path.join(parent, parts.at(-1)));
  }
  let lastError;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const conf = path.join(prefix, 'nginx.conf');
    fs.writeFileSync(conf, nginxConf({ prefix, root, base, port, mode }));
    const errorLog = path.join(prefix, 'logs/error.log');
    // -e: the error log from the start (else /var/log/nginx/error.log until the
    // configuration is read); -p: relative paths resolve in the prefix.
    const child = spawn(NGINX, ['-p', prefix, '-c', conf, '-e', errorLog], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderrText = '';
    child.stderr.on('data', (d) => (child.stderrText += d));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitUntilUp(`${url}/`, child, errorLog);
    } catch (e) {
      lastError = e;
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      if (/Address already in use/.test(e.message)) continue; // another process took the port
      break;
    }
    // If this process ends without stop() (a crash, a closed pipe), nginx ends too.
    const killOnExit = () => child.exitCode === null && child.kill('SIGTERM');
    process.on('exit', killOnExit);
    let stopped = null;
    const stop = () =>
      (stopped ??= (async () => {
        process.off('exit', killOnExit);
        if (child.exitCode === null) {
          child.kill('SIGQUIT'); // graceful: finish the open requests
          const timer = setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(timer);
        }
        fs.rmSync(prefix, { recursive: true, force: true });
      })());
    return { url, base, prefix, conf, stop, pid: child.pid };
  }
  fs.rmSync(prefix, { recursive: true, force: true });
  throw lastError;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = path.resolve(process.argv[2] ?? 'dist');
  const base = process.argv[3] ?? '/';
  const mode = process.argv[4] ?? 'clean-urls';
  const server = await startNginx({ dist, base, mode });
  console.log(`serving ${dist} at ${server.url}${normaliseBase(base)} with nginx (${mode}); configuration: ${server.conf}`);
  const quit = () => server.stop().then(() => process.exit(0));
  process.on('SIGINT', quit);
  process.on('SIGTERM', quit);
}
