// Applies the reader's light/dark choice (stored by the theme toggle) before the
// first paint, so the page never flashes the other theme. Without a stored choice
// the stylesheet follows the system setting. A file rather than an inline script, so
// a Content-Security-Policy can forbid inline scripts.
try {
  var theme = localStorage.getItem('fumi-theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch (e) {
  // Storage blocked by privacy settings: the system theme applies.
}

// The static home page in index.html is the unfiltered first page; for `/?tag=…` or
// `/?page=2` it would show the wrong posts until the app takes over, so it is hidden.
if (location.search) document.documentElement.classList.add('fumi-has-query');
