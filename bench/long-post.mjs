// The page the bench and the size guard weigh: the longest Japanese post of a build
// (no browser needed, so scripts/lib/size-guard.mjs can use it in the test command).

import fs from 'node:fs';
import path from 'node:path';

/** The longest Japanese post of the build (by Markdown bytes). */
export function longestJapanesePost(dist) {
  const manifest = JSON.parse(fs.readFileSync(path.join(dist, 'posts/manifest.json'), 'utf8'));
  const ja = manifest.posts
    .filter((p) => p.lang === 'ja')
    .map((p) => ({ slug: p.slug, title: p.title, bytes: fs.statSync(path.join(dist, 'posts', `${p.slug}.md`)).size }))
    .sort((a, b) => b.bytes - a.bytes);
  if (ja.length === 0) throw new Error('no post with lang: ja in the build');
  return ja[0];
}
