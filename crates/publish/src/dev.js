// Live preview for the dev server (`./scripts/serve`), written by fumi-publish into
// every dev build as fumi-dev-<hash>.js; release builds never have it.
//
// `fumi-publish watch` publishes the posts again after every save and bumps
// posts/dev.json. This script polls that small file and, when its version changes,
// tells the app (`fumi:content-changed`), which fetches the manifest and the post on
// screen again and shows them in place: the scroll position stays, nothing reloads.
const VERSION = new URL('posts/dev.json', document.baseURI);
const EVERY_MS = 150;

let seen = null;
async function look() {
  try {
    const response = await fetch(VERSION, { cache: 'no-store' });
    if (response.ok) {
      const { version } = await response.json();
      if (seen !== null && version !== seen) dispatchEvent(new CustomEvent('fumi:content-changed'));
      seen = version;
    }
  } catch {
    // The dev server is restarting: look again shortly.
  }
  setTimeout(look, EVERY_MS);
}
look();
