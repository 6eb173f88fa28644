// A post image full size, in a modal dialog: written by fumi-publish beside the start
// script as fumi-zoom-<hash>.js, which imports it on the first press of an image.
//
// showModal() makes the page behind inert and closes on Esc. The dialog covers the
// viewport and scrolls itself (main.css), so the page keeps its scrollbar and
// position: nothing behind moves. On close, focus goes back to the image.

const WORDS = {
  en: { close: 'Close', actual: 'Actual size', image: 'Image' },
  ja: { close: '閉じる', actual: '原寸で表示', image: '画像' },
};

let dialog, view, caption, actual, close, origin, scrolled;

function create() {
  dialog = document.createElement('dialog');
  dialog.className = 'zoom';
  dialog.innerHTML =
    '<div class="zoom__bar"><button type="button" class="zoom__actual" aria-pressed="false" hidden></button>' +
    '<button type="button" class="zoom__close" autofocus></button></div>' +
    '<figure class="zoom__figure"><div class="zoom__stage"><img class="zoom__img" alt=""></div>' +
    '<figcaption class="zoom__caption"></figcaption></figure>';
  [actual, close] = dialog.querySelectorAll('button');
  view = dialog.querySelector('img');
  caption = dialog.querySelector('figcaption');
  close.addEventListener('click', () => dialog.close());
  actual.addEventListener('click', () => setActual(!dialog.classList.contains('zoom--actual')));
  dialog.addEventListener('click', (event) => {
    if (event.target === view) {
      if (!actual.hidden) setActual(!dialog.classList.contains('zoom--actual'));
    } else if (!event.target.closest('button, figcaption')) {
      dialog.close(); // the space around the image is the backdrop
    }
  });
  dialog.addEventListener('keydown', (event) => {
    // The app's one-key shortcuts (j, k, h, /) act on the page behind.
    event.stopPropagation();
    if (event.key !== 'Tab') return;
    // A modal lets Tab leave for the browser's own controls: keep it in the dialog.
    const stops = [...dialog.querySelectorAll('button:not([hidden])')];
    const at = stops.indexOf(document.activeElement);
    event.preventDefault();
    stops[(at + (event.shiftKey ? stops.length - 1 : 1)) % stops.length].focus();
  });
  dialog.addEventListener('close', () => {
    origin.focus({ preventScroll: true });
    // Browsers that let a wheel over the dialog scroll the page: put it back.
    if (scrollY !== scrolled) scrollTo(scrollX, scrolled);
  });
  document.body.append(dialog);
}

function setActual(on) {
  dialog.classList.toggle('zoom--actual', on);
  actual.setAttribute('aria-pressed', String(on));
}

/** Shows `img` (a marked post image) in the dialog. */
export async function open(img) {
  // (The app removes a rendered page that is not the route's, and this with it.)
  if (!dialog?.isConnected) create();
  if (dialog.open) return;
  const lang = img.closest('[lang]')?.lang ?? '';
  const words = /^ja\b/i.test(lang) ? WORDS.ja : WORDS.en;
  dialog.lang = lang;
  actual.textContent = words.actual;
  close.textContent = words.close;
  // The original file, not the <picture>'s copy for this screen.
  view.src = img.src || img.currentSrc;
  view.alt = img.alt;
  const text = (img.closest('figure')?.querySelector(':scope > figcaption')?.textContent || img.title || img.alt).trim();
  caption.textContent = text;
  caption.hidden = !text;
  dialog.setAttribute('aria-label', text || words.image);
  origin = img;
  scrolled = scrollY;
  setActual(false);
  actual.hidden = true;
  dialog.showModal();
  dialog.scrollTo(0, 0);
  // Offer the actual size only when it is larger than the fitted one.
  await view.decode().catch(() => {});
  actual.hidden = !(view.naturalWidth > view.clientWidth + 1 || view.naturalHeight > view.clientHeight + 1);
}
