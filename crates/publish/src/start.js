// fumi's start script, written by fumi-publish into every build as fumi-start-<hash>.js.
//
// Every page is complete without the app: fumi's own components rendered it. So the
// wasm stays off the critical path: it loads once the page has loaded and the browser
// is idle, or at the reader's first sign of intent, whichever comes first, and then
// takes the page over without re-rendering it. A page that is not the current
// route's (theme.js marked it `fumi-stale`), or no rendered page at all, needs the app
// at once. Clicks on buttons (theme, copy, filters) made before the app runs are held
// and replayed once it does, so none is lost.
const GLUE = new URL('./__FUMI_GLUE__', import.meta.url);
const WASM = new URL('./__FUMI_WASM__', import.meta.url);
const root = document.documentElement;

let started = null;
const start = () => (started ??= import(GLUE).then((glue) => glue.default({ module_or_path: WASM })));

const held = [];
const ready = () => root.dataset.fumiApp === 'ready';
const hold = (event) => {
  const button = !ready() && event.target instanceof Element && event.target.closest('button');
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

// A wide window shows the table of contents open beside the post (the app keeps it
// so once it runs; the rendered page cannot know the window's width).
if (matchMedia('(min-width: 64rem)').matches) {
  for (const toc of document.querySelectorAll('.toc__details')) toc.open = true;
}

if (!root.hasAttribute('data-fumi-route') || root.classList.contains('fumi-stale')) {
  start();
} else {
  const intents = ['pointerdown', 'pointerover', 'keydown', 'touchstart', 'scroll', 'focusin'];
  const onIntent = () => {
    for (const type of intents) removeEventListener(type, onIntent, true);
    start();
  };
  for (const type of intents) addEventListener(type, onIntent, { capture: true, passive: true });
  const idle = window.requestIdleCallback ?? ((then) => setTimeout(then, 1));
  const whenIdle = () => idle(() => start(), { timeout: 4000 });
  if (document.readyState === 'complete') whenIdle();
  else addEventListener('load', whenIdle, { once: true });
}
