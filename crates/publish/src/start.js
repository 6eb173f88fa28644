// fumi's start script, written by fumi-publish into every build as fumi-start-<hash>.js.
//
// Every page is complete without the app: fumi's own components rendered it. So the
// wasm stays off the critical path: it loads at the reader's first sign of intent, or
// when the browser is idle a few seconds after the page has loaded, and then takes the
// page over without re-rendering it. A page that is not the current
// route's (theme.js marked it `fumi-stale`), or no rendered page at all, needs the app
// at once. Clicks on buttons (theme, copy, filters) made before the app runs are held
// and replayed once it does, so none is lost.
const GLUE = new URL('./__FUMI_GLUE__', import.meta.url);
const WASM = new URL('./__FUMI_WASM__', import.meta.url);
const root = document.documentElement;
// Without any sign of intent, the app starts this long after the page has loaded.
const IDLE_START_MS = 5000;

let started = null;
const start = () => (started ??= import(GLUE).then((glue) => glue.default({ module_or_path: WASM })));

const held = [];
const ready = () => root.dataset.fumiApp === 'ready';
const hold = (event) => {
  // The zoom dialog's, the share and the comments buttons are not the app's: this
  // script works them, before the app runs too.
  const button =
    !ready() && event.target instanceof Element && event.target.closest('button:not(.zoom *, .share *, .comments *)');
  if (!button) return;
  event.preventDefault();
  event.stopImmediatePropagation();
  if (!held.includes(button)) held.push(button);
  start();
};
document.addEventListener('click', hold, true);
addEventListener('fumi:ready', () => {
  document.removeEventListener('click', hold, true);
  for (const button of held.splice(0)) if (button.isConnected) button.click();
});

// A post reached inside the app asked for a player that the first page's policy did
// not allow, so the app loaded the post afresh (players.rs): press that card's
// button again (held above until the app runs).
const play = sessionStorage.getItem('fumi-play');
if (play) {
  sessionStorage.removeItem('fumi-play');
  for (const card of document.querySelectorAll('.embed[data-frame]')) {
    if (card.dataset.frame === play) {
      card.scrollIntoView({ block: 'center' });
      card.querySelector('.embed__load')?.click();
      break;
    }
  }
}

// Once the app has run, it keeps scroll positions itself (history.scrollRestoration is
// manual), so a reload lands at the top: bring a #section back into view, as the
// first load did (and only while the reader has not scrolled).
if (location.hash.length > 1 && scrollY === 0) {
  let id = location.hash.slice(1);
  try {
    id = decodeURIComponent(id);
  } catch {}
  document.getElementById(id)?.scrollIntoView();
}

// A wide window shows the table of contents open beside the post (the app keeps it
// so once it runs; the rendered page cannot know the window's width).
if (matchMedia('(min-width: 64rem)').matches) {
  for (const toc of document.querySelectorAll('.toc__details')) toc.open = true;
}

// Under a post: share links, and a comment thread loaded only when asked for
// (fumi_content::sharing writes their markup). One listener on the document serves every
// post, the rendered page's and those the app shows later.
const ja = () => /^ja\b/i.test(root.lang);
// (The system share sheet's button shows where there is one: theme.js marks the root
// before the first paint.)
const MASTODON_KEY = 'fumi-mastodon';
const COMMENTS_KEY = 'fumi-comments';

const say = (share, message) => {
  const status = share.querySelector('.share__status');
  if (!status) return;
  // Said again even when it is the same words: a second copy is announced too.
  status.textContent = '';
  setTimeout(() => (status.textContent = message), 50);
};

const askInstance = (share) => {
  const remembered = localStorage.getItem(MASTODON_KEY) ?? '';
  const question = ja()
    ? 'Mastodon のサーバー (例: mastodon.social)'
    : 'Your Mastodon server (e.g. mastodon.social)';
  const answer = prompt(question, remembered);
  if (answer === null) return;
  // "https://fosstodon.org/@me" and " Fosstodon.org " both mean fosstodon.org.
  const host = answer.trim().replace(/^[a-z]+:\/\//i, '').split(/[/?#@]/)[0].toLowerCase();
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host)) {
    say(share, ja() ? 'サーバー名を確かめてください。' : 'That does not look like a server name.');
    return;
  }
  localStorage.setItem(MASTODON_KEY, host);
  const text = `${share.dataset.postTitle} ${share.dataset.postUrl}`;
  open(`https://${host}/share?text=${encodeURIComponent(text)}`, '_blank', 'noopener');
};

// Whether this page's policy lets a script come from `origin`: the policy arrives with
// the first page of a visit, and a post reached inside the app may need more.
const policyAllowsScript = (origin) => {
  const policy = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content;
  if (!policy) return true;
  return policy.split(';').some((directive) => {
    const [name, ...sources] = directive.trim().split(/\s+/);
    return name === 'script-src' && sources.includes(origin);
  });
};

const loadComments = (button, reloaded = false) => {
  const thread = button.parentElement.querySelector('.comments__thread');
  const attributes = new URLSearchParams(button.dataset.comments);
  const src = button.dataset.commentsScript;
  if (!thread || !src) return;
  if (!reloaded && !policyAllowsScript(new URL(src).origin)) {
    // Loaded afresh, this post's page brings its own policy, and the thread with it.
    sessionStorage.setItem(COMMENTS_KEY, location.pathname);
    location.reload();
    return;
  }
  const script = document.createElement('script');
  for (const [name, value] of attributes) {
    // The provider's theme follows the reader's choice of fumi's, unless configured.
    const theme = root.dataset.theme;
    const follow = /theme$/.test(name) && /prefer/.test(value) && theme;
    script.setAttribute(name, follow ? (src.includes('utteranc') ? `github-${theme}` : theme) : value);
  }
  script.src = src;
  script.async = true;
  script.crossOrigin = 'anonymous';
  // giscus fills the first `.giscus` of the page; utterances adds its frame after the script.
  if (src.includes('giscus')) thread.classList.add('giscus');
  thread.replaceChildren(script);
  button.hidden = true;
  thread.tabIndex = -1;
  thread.focus();
};

document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const share = target?.closest('.share');
  if (share) {
    if (target.closest('[data-share-mastodon]')) {
      event.preventDefault();
      askInstance(share);
    } else if (target.closest('[data-share-copy]')) {
      const url = share.dataset.postUrl;
      (navigator.clipboard?.writeText(url) ?? Promise.reject()).then(
        () => say(share, ja() ? 'リンクをコピーしました。' : 'Link copied.'),
        () => say(share, ja() ? 'コピーできませんでした: ' + url : 'Could not copy: ' + url),
      );
    } else if (target.closest('[data-share-native]')) {
      navigator.share?.({ title: share.dataset.postTitle, url: share.dataset.postUrl }).catch(() => {});
    }
    return;
  }
  const load = target?.closest('.comments__load');
  if (load) loadComments(load);
});

// Back from a reload for the thread (above), or from signing in to comment (the
// provider returns to the post with its session in the query): show the thread.
{
  const asked = sessionStorage.getItem(COMMENTS_KEY) === location.pathname;
  sessionStorage.removeItem(COMMENTS_KEY);
  const signedIn = /[?&](giscus|utterances)=/.test(location.search);
  const open = () => {
    const load = document.querySelector('.comments__load');
    load?.scrollIntoView({ block: 'center' });
    if (load) loadComments(load, true);
  };
  // A query makes the rendered page another route's (theme.js hid it): the app draws
  // the post afresh, and the thread goes there.
  if (asked || signedIn) {
    const stale = root.classList.contains('fumi-stale');
    if (stale) addEventListener('fumi:ready', () => requestAnimationFrame(open), { once: true });
    else open();
  }
}

// A page counter, if the site has one ([analytics] in fumi.toml), for readers who have
// not asked not to be tracked.
const ANALYTICS = __FUMI_ANALYTICS__;
if (ANALYTICS && navigator.doNotTrack !== '1' && navigator.globalPrivacyControl !== true) {
  const counter = document.createElement('script');
  for (const [name, value] of Object.entries(ANALYTICS)) counter.setAttribute(name, value);
  counter.defer = true;
  document.head.append(counter);
  // Plausible counts the app's navigations itself (it follows history.pushState);
  // GoatCounter counts only the page it loads on, so each later one is counted here.
  if ('data-goatcounter' in ANALYTICS) {
    const count = () => setTimeout(() => window.goatcounter?.count?.({ path: location.pathname + location.search }));
    const push = history.pushState;
    history.pushState = function (...args) {
      push.apply(this, args);
      count();
    };
    addEventListener('popstate', count);
  }
}

// Post images open full size in a dialog. The first paint pays only for marking them
// as buttons (so that the keyboard reaches them before the app runs, and in every body
// the app renders later); the dialog's code loads on the first press. Images in links
// are the links', previews (aria-hidden) are not the image.
const ZOOM = new URL('./__FUMI_ZOOM__', import.meta.url);
const markZoomable = () => {
  for (const img of document.querySelectorAll(
    '.post__body img:not([data-zoom], [aria-hidden="true"], a img, .embed img)',
  )) {
    img.dataset.zoom = '';
    // alt="" marks an image as decorative: it keeps out of the accessibility tree (a
    // role would contradict that), and the mouse alone zooms it.
    if (!img.alt) continue;
    img.tabIndex = 0;
    img.setAttribute('role', 'button');
    const ja = /^ja\b/i.test(img.closest('[lang]')?.lang ?? '');
    img.setAttribute('aria-label', `${ja ? '画像を拡大' : 'Enlarge image'}: ${img.alt}`);
  }
};
markZoomable();
new MutationObserver(markZoomable).observe(document.body, { childList: true, subtree: true });
const zoom = (event) => {
  const img = event.target instanceof Element && event.target.closest('img[data-zoom]');
  if (!img) return;
  const { type, key } = event;
  if (key === ' ') event.preventDefault(); // it would scroll the page
  // As a button: Enter acts when pressed, Space when released.
  if (type === 'click' || (key === 'Enter' && type === 'keydown') || (key === ' ' && type === 'keyup')) {
    import(ZOOM).then((zoom) => zoom.open(img));
  }
};
for (const type of ['click', 'keydown', 'keyup']) document.addEventListener(type, zoom);

if (!root.hasAttribute('data-fumi-route') || root.classList.contains('fumi-stale')) {
  start();
} else {
  // The first sign that the reader is about to do more than read this screen: a
  // pointer over the page, a touch (also the start of a scroll on a phone), a key, a
  // scroll. A reader who does none of these gets the app a few seconds after the page
  // has loaded, when the browser is idle: its start-up (compiling and running the
  // wasm, ~100 ms of main thread on a mid-range phone) never competes with the page's
  // first seconds.
  const intents = ['pointerover', 'pointerdown', 'touchstart', 'keydown', 'focusin', 'scroll', 'wheel'];
  const onIntent = () => {
    for (const type of intents) removeEventListener(type, onIntent, true);
    start();
  };
  for (const type of intents) addEventListener(type, onIntent, { capture: true, passive: true });
  const idle = window.requestIdleCallback ?? ((then) => setTimeout(then, 1));
  const later = () => setTimeout(() => idle(() => start(), { timeout: 2000 }), IDLE_START_MS);
  if (document.readyState === 'complete') later();
  else addEventListener('load', later, { once: true });
}

// What the reader did before this script ran (theme.js noted it while this was
// loading): a sign of intent starts the app now, and buttons pressed are pressed again
// now that every listener above is in place.
{
  const early = window.fumiTakeEarlyInput?.() ?? { clicks: [], intended: false };
  if (early.intended) start();
  for (const button of early.clicks) if (button.isConnected) button.click();
}
