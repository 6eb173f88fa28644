// The writer's loop, timed: how long after a save the open page shows the change, with
// the real dev server (`./scripts/serve`: Trunk + `fumi-publish watch`) on a copy of
// the sample project. Three cases, FUMI_BENCH_SAVES times each (default 10), medians:
//   edit    a paragraph appended to a long post that is open
//   new     a post added while the home list is open, until its card shows
//   delete  that post removed, until its card is gone
// Save-to-visible is measured from just before the file is written to the moment the
// page's DOM shows the change (polled every frame in the page).
//
//   node bench/live.mjs            (also run by ./scripts/bench)

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, median } from './lib.mjs';
import { startDevServer } from '../tests/e2e/dev-server.mjs';

export const SAVES = Math.max(1, Number(process.env.FUMI_BENCH_SAVES ?? 10));

/** Ms from just before `change()` to `shows(document)` being true in the page (null: never, within 15 s). */
async function saveToVisible(page, change, shows) {
  const watching = page.evaluate(
    (source) =>
      new Promise((resolve) => {
        const test = new Function(`return (${source})(document)`);
        const look = () => (test() ? resolve(true) : requestAnimationFrame(look));
        look();
      }),
    shows.toString(),
  );
  const before = Date.now();
  change();
  const seen = await Promise.race([watching.then(() => Date.now()), new Promise((r) => setTimeout(() => r(null), 15_000))]);
  return seen === null ? null : seen - before;
}

export async function measureLive({ saves = SAVES, log = console.error } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fumi-live-bench-'));
  const project = path.join(tmp, 'project');
  for (const part of ['posts', 'public', 'fumi.toml']) fs.cpSync(part, path.join(project, part), { recursive: true });
  let dev;
  let browser;
  try {
    log('  starting ./scripts/serve on a copy of the sample project');
    dev = await startDevServer({ project, dist: path.join(tmp, 'dev-dist') });
    browser = await launchChromium();
    const page = await browser.newPage();
    const results = { edit: [], new: [], delete: [] };

    await page.goto(`${dev.url}/posts/mlops-pipeline-on-kubernetes`);
    await page.locator('main#main .post__body p').first().waitFor();
    const long = path.join(project, 'posts', 'mlops-pipeline-on-kubernetes.md');
    for (let i = 0; i < saves; i++) {
      const text = `Edited while open, save ${i + 1}.`;
      results.edit.push(
        await saveToVisible(
          page,
          () => fs.appendFileSync(long, `\n\n${text}\n`),
          new Function('document', `return [...document.querySelectorAll('main .post__body p')].some((p) => p.textContent === ${JSON.stringify(text)})`),
        ),
      );
      await page.waitForTimeout(300);
    }

    await page.goto(`${dev.url}/`);
    await page.locator('main#main .post-card').first().waitFor();
    const added = path.join(project, 'posts', 'zz-bench-new.md');
    for (let i = 0; i < saves; i++) {
      const title = `Bench post ${i + 1}`;
      const hasCard = `[...document.querySelectorAll('.post-card__title')].some((t) => t.textContent === ${JSON.stringify(title)})`;
      results.new.push(
        await saveToVisible(
          page,
          () => fs.writeFileSync(added, `---\ntitle: "${title}"\ndate: 2099-01-01\n---\nHello.\n`),
          new Function('document', `return ${hasCard}`),
        ),
      );
      await page.waitForTimeout(300);
      results.delete.push(await saveToVisible(page, () => fs.rmSync(added), new Function('document', `return !(${hasCard})`)));
      await page.waitForTimeout(300);
    }
    const summary = Object.fromEntries(
      Object.entries(results).map(([kind, runs]) => [kind, { median_ms: median(runs.filter((r) => r !== null)), runs }]),
    );
    for (const [kind, { median_ms, runs }] of Object.entries(summary)) {
      log(`  ${kind.padEnd(6)} save → visible: median ${median_ms} ms (${runs.map((r) => r ?? 'never').join(', ')})`);
    }
    return summary;
  } finally {
    await browser?.close();
    await dev?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await measureLive();
}
