// Finds cycles between the modules of each crate: module A uses module B (a path
// `crate::b::…`, `super::…` or `fumi_content::…` inside a crate, resolved to the
// longest module that exists) and B, directly or through others, uses A. A module and
// its own ancestors are structure (a parent declares and re-exports its children), not
// dependencies, so edges between them are not counted. Prints every cycle and exits 1
// if there is one; run by ./scripts/test.
//
//   node scripts/lib/module-cycles.mjs [crate-src-dir …]   (default: every crate)

import fs from 'node:fs';
import path from 'node:path';

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['src', 'crates/content/src', 'crates/publish/src'];

/** Module path (`routes::home`) of a file under `root` (`src/routes/home.rs`). */
function moduleOf(root, file) {
  const rel = path.relative(root, file).replace(/\.rs$/, '').split(path.sep);
  if (['lib', 'main', 'mod'].includes(rel.at(-1))) rel.pop();
  return rel.join('::');
}

function filesOf(dir) {
  return fs.readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.rs')).map((f) => path.join(dir, f));
}

/** Rust source without comments, string and char literals (which may hold `crate::` or `//`). */
function codeOnly(source) {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      i = source.indexOf('\n', i);
      if (i === -1) break;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? source.length : end + 2;
    } else if (c === 'r' && /^r#*"/.test(source.slice(i, i + 40)) && !/[A-Za-z0-9_]/.test(source[i - 1] ?? '')) {
      const hashes = source.slice(i + 1).match(/^#*/)[0];
      const end = source.indexOf('"' + hashes, i + 2 + hashes.length);
      i = end === -1 ? source.length : end + 1 + hashes.length;
      out += '""';
    } else if (c === '"') {
      i++;
      while (i < source.length && source[i] !== '"') i += source[i] === '\\' ? 2 : 1;
      i++;
      out += '""';
    } else if (c === "'" && (source[i + 2] === "'" || next === '\\')) {
      // A char literal ('x', '\n', '\u{..}'); a lifetime ('a) has no closing quote.
      const end = source.indexOf("'", next === '\\' ? i + 3 : i + 2);
      i = end + 1;
      out += "' '";
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** `use` trees flattened to paths: `use crate::{a::B, c};` → `crate::a::B`, `crate::c`. */
function pathsIn(source) {
  const code = codeOnly(source);
  const found = [];
  for (const m of code.matchAll(/\buse\s+([^;]+);/g)) expand(m[1].replace(/\s+/g, ''), '', found);
  for (const m of code.matchAll(/\b((?:crate|super)(?:::(?:super|[A-Za-z_][A-Za-z0-9_]*))+)/g)) found.push(m[1]);
  return found;
}

function expand(tree, prefix, out) {
  const brace = tree.indexOf('{');
  if (brace === -1) return void out.push(prefix + tree.replace(/\bas\b.*$/, ''));
  const head = prefix + tree.slice(0, brace);
  const inner = tree.slice(brace + 1, tree.lastIndexOf('}'));
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= inner.length; i++) {
    const c = inner[i];
    if (c === '{') depth++;
    if (c === '}') depth--;
    if ((c === ',' && depth === 0) || i === inner.length) {
      const part = inner.slice(start, i);
      if (part) expand(part, head, out);
      start = i + 1;
    }
  }
}

const isAncestor = (a, b) => a === '' || b === a || b.startsWith(a + '::');

let cycles = 0;
for (const root of roots) {
  const files = filesOf(root).filter((f) => !f.includes(`${path.sep}tests${path.sep}`));
  const modules = new Set(files.map((f) => moduleOf(root, f)));
  const edges = new Map([...modules].map((m) => [m, new Set()]));
  for (const file of files) {
    const from = moduleOf(root, file);
    for (const p of pathsIn(fs.readFileSync(file, 'utf8'))) {
      let segments = p.split('::');
      let base = from.split('::').filter(Boolean);
      // A file `a/b.rs` is module a::b; `super` is a.
      if (segments[0] === 'crate') {
        base = [];
        segments = segments.slice(1);
      } else {
        while (segments[0] === 'super') {
          base = base.slice(0, -1);
          segments = segments.slice(1);
        }
      }
      let target = null;
      for (let n = segments.length; n >= 0; n--) {
        const candidate = [...base, ...segments.slice(0, n)].join('::');
        if (modules.has(candidate)) {
          target = candidate;
          break;
        }
      }
      if (target === null || isAncestor(target, from) || isAncestor(from, target)) continue;
      edges.get(from).add(target);
    }
  }
  // Tarjan's strongly connected components.
  let index = 0;
  const stack = [];
  const info = new Map();
  const strong = (v) => {
    info.set(v, { index, low: index, on: true });
    index++;
    stack.push(v);
    for (const w of edges.get(v)) {
      if (!info.has(w)) {
        strong(w);
        info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
      } else if (info.get(w).on) {
        info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
      }
    }
    if (info.get(v).low === info.get(v).index) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        info.get(w).on = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) {
        cycles++;
        const members = new Set(component);
        const links = component.flatMap((a) => [...edges.get(a)].filter((b) => members.has(b)).map((b) => `${a} → ${b}`));
        console.log(`${root}: modules that use each other: ${component.sort().join(', ')}\n  ${links.join('\n  ')}`);
      }
    }
  };
  for (const m of modules) if (!info.has(m)) strong(m);
  console.error(`${root}: ${modules.size} modules, ${[...edges.values()].reduce((n, s) => n + s.size, 0)} uses between them`);
}
process.exit(cycles ? 1 : 0);
