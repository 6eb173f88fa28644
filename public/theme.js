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
