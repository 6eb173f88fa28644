// fumi's offline reading, the page's half: written by fumi-publish into every release
// build that has the service worker (sw.js) as fumi-offline-<hash>.js, and loaded by
// every page. It
//
// - registers the worker once the page has loaded, painted and is idle (embedded instances
//   never load this file, so they never register one on their host's page);
// - makes a new deploy show on the next page: it asks for a new sw.js (a small
//   conditional request) when the reader comes back to the tab, when the network
//   comes back, and every few minutes, in the background; an in-app link followed
//   when the last answer is older than STALE_AFTER_MS waits for a fresh one (at most
//   UPDATE_CHECK_MS). Once a new deploy has arrived, links load their page in full,
//   with the new deploy's files; the page being read is never reloaded, and the
//   page marks it (`data-fumi-new-deploy` on the root) for whoever wants to know;
// - fills the footer's `.offline-keep` element (empty in the rendered page and in the
//   app's view) with a "Read offline" panel: keep the post on screen, or the whole
//   site when it is small enough, each with its download size shown before anything
//   is downloaded. The worker downloads and keeps the files.

/** The whole site is offered for keeping up to this download size. */
const SITE_LIMIT_BYTES = __FUMI_SITE_LIMIT__;
/** The search index is fetched ahead (so that search works offline) up to this size. */
const SEARCH_AHEAD_BYTES = 512 * 1024;
const site = new URL('./', import.meta.url);
const workers = navigator.serviceWorker;
/** How long an in-app navigation waits, at most, for "is there a new deploy?". */
const UPDATE_CHECK_MS = 250;
/**
 * An answer younger than this is trusted: the navigation does not wait for another.
 * Short enough that a reader who has read a page for a while gets a deploy made
 * meanwhile on the next click; long enough that browsing from list to list never waits.
 */
const STALE_AFTER_MS = 15_000;
/** Asked in the background this often while the tab is visible. */
const CHECK_EVERY_MS = 5 * 60_000;
/** This script waits for the first paint, or this long without one. */
const FIRST_PAINT_WAIT_MS = 10_000;
const appReady = () => document.documentElement.dataset.fumiApp === 'ready';

let list = null;
const keepList = () => (list ??= fetch(new URL('offline.json', site)).then((r) => (r.ok ? r.json() : null)).catch(() => null));

/** The text of the interface, in the page's language. */
function text() {
  const ja = (document.documentElement.lang || '').toLowerCase().split('-')[0] === 'ja';
  return ja
    ? {
        summary: 'オフラインで読む',
        post: 'この記事を保存',
        site: 'サイト全体を保存',
        saving: '保存しています…',
        saved: '保存しました。オフラインでも読めます。',
        failed: '保存できませんでした',
      }
    : {
        summary: 'Read offline',
        post: 'Keep this post',
        site: 'Keep the whole site',
        saving: 'Saving…',
        saved: 'Saved: readable offline.',
        failed: 'Could not save',
      };
}

function size(bytes) {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The post the page shows, by its route (`posts/<slug>` under the site). */
function currentPost() {
  const path = location.pathname.startsWith(site.pathname) ? location.pathname.slice(site.pathname.length) : '';
  const match = /^posts\/([^/]+?)(?:\.html|\/(?:index\.html)?)?$/.exec(path);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

/** Asks the worker to keep `files`; resolves with its answer. */
async function keep(files) {
  const registration = await workers.ready;
  const worker = registration.active;
  return new Promise((resolve) => {
    const onMessage = (event) => {
      if (event.data?.type !== 'fumi:keep:done') return;
      workers.removeEventListener('message', onMessage);
      resolve(event.data);
    };
    workers.addEventListener('message', onMessage);
    worker.postMessage({ type: 'fumi:keep', files });
  });
}

/** Builds the panel's content for the page now on screen. */
async function fill(panel) {
  const t = text();
  const data = await keepList();
  const body = panel.querySelector('.offline-keep__actions');
  body.replaceChildren();
  if (!data) return;
  const offers = [];
  const slug = currentPost();
  if (slug && data.posts[slug]) offers.push([t.post, data.posts[slug]]);
  if (data.site.bytes <= SITE_LIMIT_BYTES) offers.push([t.site, data.site]);
  for (const [label, files] of offers) {
    const row = document.createElement('p');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'offline-keep__button';
    button.textContent = `${label} (${size(files.bytes)})`;
    const status = document.createElement('span');
    status.className = 'offline-keep__status';
    status.setAttribute('role', 'status');
    button.addEventListener('click', async () => {
      button.disabled = true;
      status.textContent = t.saving;
      const answer = await keep(files.files);
      status.textContent = answer.ok ? t.saved : `${t.failed}: ${answer.error}`;
      button.disabled = false;
    });
    row.append(button, ' ', status);
    body.append(row);
  }
}

/** Puts the panel into every empty `.offline-keep` element (the app may render anew). */
function install() {
  for (const slot of document.querySelectorAll('.offline-keep:not([data-ready])')) {
    slot.dataset.ready = '';
    const details = document.createElement('details');
    const summary = document.createElement('summary');
    summary.textContent = text().summary;
    const actions = document.createElement('div');
    actions.className = 'offline-keep__actions';
    details.append(summary, actions);
    // Filled when opened: the post on screen then is the one to keep.
    details.addEventListener('toggle', () => details.open && fill(details));
    slot.append(details);
    slot.hidden = false;
  }
}

// ---- a new deploy on the next page ----

let registration = null;
let newDeploy = false;
/** When sw.js was last asked for; the browser asked when it loaded this page. */
let lastCheck = Date.now();
/** Whether a worker other than the one serving this page has arrived. */
const arrived = () => newDeploy || Boolean(workers.controller && (registration?.installing || registration?.waiting));

/** Asks for sw.js; resolves when answered (a new worker, if any, is then installing). */
function checkForDeploy() {
  if (!registration || !navigator.onLine) return Promise.resolve();
  lastCheck = Date.now();
  return registration.update().catch(() => {});
}

/** The in-app link a click follows, if the app would handle it. */
function inAppLink(event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return null;
  }
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!link || link.target || link.hasAttribute('download') || link.getAttribute('href').startsWith('#')) return null;
  const url = new URL(link.href);
  if (url.origin !== site.origin || !url.pathname.startsWith(site.pathname)) return null;
  if (/\.[a-z0-9]+$/i.test(url.pathname)) return null; // a file (a feed, an image), not a route
  return link;
}

let replaying = null;
/** Before the app's router (which listens on the window) sees an in-app click. */
function onClick(event) {
  const link = inAppLink(event);
  if (!link || link === replaying || !appReady() || !registration) return;
  if (arrived()) {
    event.stopImmediatePropagation(); // the router does not see it: the browser follows
    return; // the link, and loads the new deploy's page in full
  }
  // A first visit (nothing older to replace), a recent answer, or a worker still
  // installing: the app navigates at once.
  if (!workers.controller || registration.installing || Date.now() - lastCheck < STALE_AFTER_MS) return;
  event.stopImmediatePropagation();
  event.preventDefault();
  const late = new Promise((resolve) => setTimeout(resolve, UPDATE_CHECK_MS));
  Promise.race([checkForDeploy(), late]).then(() => {
    if (arrived()) {
      location.assign(link.href);
    } else {
      // No new deploy: the app navigates, as it would have at once.
      replaying = link;
      link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, view: window }));
      replaying = null;
    }
  });
}

/**
 * Registers the worker once the page has loaded and the browser is idle (it is called
 * after the first frame is on screen): a first install downloads the app's files (the
 * wasm among them) for offline reading, and that must not compete with the page's own
 * first paint and resources. (The load event alone is not enough: the main thread can
 * be idle while the first frame is still on its way to the screen.)
 */
function registerWhenSettled() {
  const register = () =>
    workers
      .register(new URL('sw.js', site))
      .then((r) => {
        registration = r;
        r.addEventListener('updatefound', () => {
          if (!workers.controller) return; // the first install, not a new deploy
          newDeploy = true;
          document.documentElement.dataset.fumiNewDeploy = '';
        });
      })
      .catch(() => {}); // no workers here (a private window, a policy): reading works as before
  const idle = () => (window.requestIdleCallback ? requestIdleCallback(register, { timeout: 2000 }) : setTimeout(register, 1));
  if (document.readyState === 'complete') idle();
  else addEventListener('load', idle, { once: true });
}

/**
 * Calls `then` once the page's first contentful paint is on screen (at once if it is
 * already), or after FIRST_PAINT_WAIT_MS at most: a tab opened in the background
 * paints nothing until it is shown.
 */
function afterFirstPaint(then) {
  const painted = () => performance.getEntriesByName('first-contentful-paint').length > 0;
  // A browser without paint timing would only have the time limit: it goes on at once.
  const observable = typeof PerformanceObserver === 'function' && PerformanceObserver.supportedEntryTypes?.includes('paint');
  if (painted() || !observable) return then();
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    observer.disconnect();
    clearTimeout(timer);
    then();
  };
  const observer = new PerformanceObserver(() => painted() && once());
  observer.observe({ type: 'paint' });
  const timer = setTimeout(once, FIRST_PAINT_WAIT_MS);
}

// Nothing here is needed for the first frame (the footer keeps the panel's line free
// until it comes), so it all waits for it: this script never makes the first paint later.
if (workers) {
  afterFirstPaint(() => {
    registerWhenSettled();
    document.addEventListener('click', onClick, true);
    document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && checkForDeploy());
    addEventListener('online', () => checkForDeploy());
    setInterval(() => document.visibilityState === 'visible' && checkForDeploy(), CHECK_EVERY_MS);
    install();
    addEventListener('fumi:ready', install);
    searchAhead();
  });
}

/**
 * Once the worker serves the page and the browser is idle, fetches a small search
 * index through it (it keeps what it fetches), so that search works offline over the
 * saved posts too. Not on a connection that asks to save data.
 */
function searchAhead() {
  if (navigator.connection?.saveData) return;
  workers.ready.then(() => {
    const idle = window.requestIdleCallback ?? ((then) => setTimeout(then, 2000));
    idle(async () => {
      const data = await keepList();
      if (!data?.search || data.search.bytes > SEARCH_AHEAD_BYTES || !workers.controller) return;
      for (const file of data.search.files) await fetch(new URL(file, site)).catch(() => {});
    });
  });
}
