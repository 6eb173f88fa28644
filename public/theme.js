// Runs before the first paint (a file rather than an inline script, so a
// Content-Security-Policy can forbid inline scripts).
//
// 1. Applies the reader's light/dark choice (stored by the theme toggle), so the page
//    never flashes the other theme. Without a stored choice the stylesheet follows the
//    system setting.
// 2. Marks a rendered page that is not the current route's as `fumi-stale` (the
//    stylesheet hides its content): a host answered a URL with another route's page
//    (`/?page=2` with the home page, or every path with it), and the app will render the
//    right one in its place.
// 3. Marks the root when the browser has a share sheet (`data-can-share`).
// 4. Loads the page's module scripts (fumi's start script, offline reading), which the
//    publishing tool lists in this tag's `data-after-first-paint`, once the first frame
//    with content is on screen: fetched and compiled during the parse, they compete
//    with it for a slow phone's network and CPU. A page that needs the app at
//    once (no rendered page, or a stale one) loads them now. Until the start script
//    runs, clicks on buttons are held for it, so none is lost, and a sign of intent is
//    noted for it, so the app starts as soon as it would have.

if (navigator.share) document.documentElement.dataset.canShare = '';

try {
  var theme = localStorage.getItem('fumi-theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch (e) {
  // Storage blocked by privacy settings: the system theme applies.
}

(function () {
  var root = document.documentElement;
  var route = root.getAttribute('data-fumi-route');
  if (route === null) return;
  var base = new URL(document.baseURI).pathname.replace(/\/$/, '');
  var path = location.pathname;
  if (path.indexOf(base) === 0) path = path.slice(base.length);
  path = path.replace(/index\.html$/, '').replace(/\/+$/, '') || '/';
  var here = location.search.length > 1 ? path + location.search : path;
  if (here !== route) root.classList.add('fumi-stale');
})();

(function () {
  var FIRST_PAINT_WAIT_MS = 5000;
  var me = document.currentScript;
  var modules = me && me.getAttribute('data-after-first-paint');
  if (!modules) return;
  // Until the start script runs: clicks on buttons are held, and a first sign of
  // intent (the start script's list) is noted, both for the start script to act on.
  var held = [];
  var intended = false;
  var hold = function (event) {
    var button = event.target instanceof Element && event.target.closest('button');
    if (!button) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (held.indexOf(button) < 0) held.push(button);
  };
  var intents = ['pointerover', 'pointerdown', 'touchstart', 'keydown', 'focusin', 'scroll', 'wheel'];
  var note = function () {
    intended = true;
  };
  document.addEventListener('click', hold, true);
  intents.forEach(function (type) {
    addEventListener(type, note, { capture: true, passive: true });
  });
  // The start script takes them over: the buttons to press again, and whether the
  // reader has shown intent.
  window.fumiTakeEarlyInput = function () {
    document.removeEventListener('click', hold, true);
    intents.forEach(function (type) {
      removeEventListener(type, note, true);
    });
    return { clicks: held.splice(0), intended: intended };
  };
  var load = function () {
    modules.split(' ').forEach(function (src) {
      var script = document.createElement('script');
      script.type = 'module';
      script.src = src;
      document.head.appendChild(script);
    });
  };
  var root = document.documentElement;
  var now = root.getAttribute('data-fumi-route') === null || root.classList.contains('fumi-stale');
  // A hidden tab draws nothing until it is shown.
  if (now || document.visibilityState === 'hidden') return load();
  // Not the first frame (it may be drawn before the body has arrived): the first with
  // content. Without paint timing, or without that paint for a while, now.
  var done = false;
  var once = function () {
    if (done) return;
    done = true;
    load();
  };
  var types = typeof PerformanceObserver === 'function' ? PerformanceObserver.supportedEntryTypes || [] : [];
  if (types.indexOf('paint') < 0) return once();
  new PerformanceObserver(function (list, observer) {
    if (!list.getEntriesByName('first-contentful-paint').length) return;
    observer.disconnect();
    setTimeout(once);
  }).observe({ type: 'paint', buffered: true });
  setTimeout(once, FIRST_PAINT_WAIT_MS);
})();
