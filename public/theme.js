// Before the first paint: share button, stored theme, stale-page mark; then loads the
// listed module scripts after the first contentful paint, holding clicks and noting
// intent until they run. Shipped as written and parser-blocking: keep it small (why
// each part: the README, "Deploying"; crates/publish/src/module_scripts.rs).
(function (root) {
  if (navigator.share) root.dataset.canShare = '';
  try {
    var theme = localStorage.getItem('fumi-theme');
    if (theme === 'light' || theme === 'dark') root.dataset.theme = theme;
  } catch (e) {}
  var route = root.getAttribute('data-fumi-route');
  if (route !== null) {
    var base = new URL(document.baseURI).pathname.replace(/\/$/, '');
    var path = location.pathname;
    if (path.indexOf(base) === 0) path = path.slice(base.length);
    path = path.replace(/index\.html$/, '').replace(/\/+$/, '') || '/';
    if ((location.search.length > 1 ? path + location.search : path) !== route) root.classList.add('fumi-stale');
  }
  var me = document.currentScript;
  var modules = me && me.getAttribute('data-after-first-paint');
  if (!modules) return;
  var held = [];
  var intended = false;
  var intents = ['pointerover', 'pointerdown', 'touchstart', 'keydown', 'focusin', 'scroll', 'wheel'];
  var hold = function (event) {
    var button = event.target instanceof Element && event.target.closest('button');
    if (!button) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (held.indexOf(button) < 0) held.push(button);
  };
  var note = function () {
    intended = true;
  };
  document.addEventListener('click', hold, true);
  intents.forEach(function (type) {
    addEventListener(type, note, { capture: true, passive: true });
  });
  window.fumiTakeEarlyInput = function () {
    document.removeEventListener('click', hold, true);
    intents.forEach(function (type) {
      removeEventListener(type, note, true);
    });
    return { clicks: held.splice(0), intended: intended };
  };
  var loaded = false;
  var load = function () {
    if (loaded) return;
    loaded = true;
    modules.split(' ').forEach(function (src) {
      var script = document.createElement('script');
      script.type = 'module';
      script.src = src;
      document.head.appendChild(script);
    });
  };
  var types = typeof PerformanceObserver === 'function' ? PerformanceObserver.supportedEntryTypes || [] : [];
  if (route === null || root.classList.contains('fumi-stale') || document.visibilityState === 'hidden' || types.indexOf('paint') < 0) return load();
  new PerformanceObserver(function (list, observer) {
    if (!list.getEntriesByName('first-contentful-paint').length) return;
    observer.disconnect();
    setTimeout(load);
  }).observe({ type: 'paint', buffered: true });
  setTimeout(load, 5000);
})(document.documentElement);
