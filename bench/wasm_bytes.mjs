// Where the bytes of a wasm file go: every function body's size (code section) named
// from the `name` custom section, totals per crate, and the size of every section
// (data included). No dependencies: the binary is parsed here.
//
//   node bench/wasm_bytes.mjs [file.wasm] [--top N] [--crates N] [--json]
//   node bench/wasm_bytes.mjs [file.wasm] --why <part of a function name>   (its callers)
//   node bench/wasm_bytes.mjs --named     (after ./scripts/build: see `namedBuild`)
//
// What ships (dist/*_bg.wasm) has no names: wasm-opt drops the `name` section unless
// given -g. `--named` re-runs Trunk's last step on Trunk's own intermediate file
// (target/wasm-bindgen/release/fumi_bg.wasm, after wasm-bindgen, names kept) with the
// wasm-opt options in index.html plus -g, into target/wasm-bytes/fumi_bg.wasm: the
// shipped code, named (its size differs from dist's by the name section only).
//
// Without a file it reads, in order, the first of:
//   target/wasm-bytes/fumi_bg.wasm    made by --named
//   dist/*_bg.wasm                    what ships: sections only
//   target/wasm32-unknown-unknown/release/fumi.wasm   rustc's output, before
//                                     wasm-bindgen and wasm-opt (names kept)
//
// A function's crate is the first path segment of the type or function it belongs to:
// `<alloc::vec::Vec<T> as core::ops::Drop>::drop` counts for alloc,
// `core::ptr::drop_in_place<leptos::…>` for core (what it drops is in `via`, the crate
// named by its first generic argument). Rust's v0 (`_R…`) and legacy (`_ZN…E`) mangled
// names are decoded far enough to find the crate; names LLD already demangled are
// read as they are.
//
// For the bench report (bench/bench.mjs, after `const sizes = measureSizes(DIST);`),
// one line, then `wasm_bytes` beside `sizes` in `results`:
//   const wasm_bytes = wasmBytes(namedBuild(), { top: 25 });
// with `import { namedBuild, wasmBytes } from './wasm_bytes.mjs';` at the top.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const SECTION_NAMES = [
  'custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export',
  'start', 'element', 'code', 'data', 'data count', 'tag',
];

/** A cursor over a wasm binary. */
class Reader {
  constructor(bytes, pos = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
  }
  byte() {
    if (this.pos >= this.end) throw new Error(`wasm: unexpected end at byte ${this.pos}`);
    return this.bytes[this.pos++];
  }
  u32() {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 35) throw new Error(`wasm: LEB128 too long at byte ${this.pos}`);
    }
  }
  /** Skips a signed or unsigned LEB128 of any length. */
  skipLeb() {
    while (this.byte() & 0x80);
  }
  name() {
    const len = this.u32();
    const s = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.pos, len).toString('utf8');
    this.pos += len;
    return s;
  }
  skip(n) {
    this.pos += n;
  }
}

/** Parses the parts of a wasm module this report needs. */
export function parseWasm(bytes) {
  if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm binary (bad magic)');
  const r = new Reader(bytes, 8);
  const sections = [];
  let importedFunctions = 0;
  const bodies = []; // [{ index, size }], index in the function index space
  let dataSegments = 0;
  const names = new Map();
  let moduleName = null;
  const features = [];
  const tableSlots = new Map(); // table slot → function index (function pointers)
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const start = r.pos;
    const end = start + size;
    const section = { id, kind: SECTION_NAMES[id] ?? `unknown ${id}`, size: end - start + 1 + lebLength(size), start, end };
    const s = new Reader(bytes, start, end);
    if (id === 0) {
      section.name = s.name();
      if (section.name === 'name') parseNames(s, names, (m) => (moduleName = m));
      if (section.name === 'target_features') {
        const n = s.u32();
        for (let i = 0; i < n; i++) {
          const prefix = String.fromCharCode(s.byte());
          features.push(prefix + s.name());
        }
      }
    } else if (id === 2) {
      const n = s.u32();
      for (let i = 0; i < n; i++) {
        s.name();
        s.name();
        const kind = s.byte();
        if (kind === 0) {
          s.u32();
          importedFunctions++;
        } else if (kind === 1) {
          s.byte();
          skipLimits(s);
        } else if (kind === 2) skipLimits(s);
        else if (kind === 3) s.skip(2);
        else if (kind === 4) {
          s.byte();
          s.u32();
        } else throw new Error(`wasm: unknown import kind ${kind}`);
      }
    } else if (id === 10) {
      const n = s.u32();
      for (let i = 0; i < n; i++) {
        const bodySize = s.u32();
        bodies.push({ index: importedFunctions + i, size: bodySize + lebLength(bodySize), start: s.pos, end: s.pos + bodySize });
        s.skip(bodySize);
      }
    } else if (id === 9) {
      const n = s.u32();
      for (let i = 0; i < n; i++) {
        const flags = s.u32();
        if (flags !== 0) break; // only the MVP form LLD writes: table 0, offset, function indices
        if (s.byte() !== 0x41) break;
        let offset = 0;
        let shift = 0;
        for (;;) {
          const b = s.byte();
          offset |= (b & 0x7f) << shift;
          shift += 7;
          if (!(b & 0x80)) break;
        }
        s.byte(); // end
        const count = s.u32();
        for (let j = 0; j < count; j++) tableSlots.set(offset + j, s.u32());
      }
    } else if (id === 11) {
      dataSegments = s.u32();
    }
    sections.push(section);
    r.pos = end;
  }
  return { sections, importedFunctions, bodies, dataSegments, names, moduleName, features, tableSlots };
}

function skipLimits(s) {
  const flags = s.byte();
  s.u32();
  if (flags & 1) s.u32();
}

function lebLength(n) {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

/** The `name` section's module and function names (subsections 0 and 1). */
function parseNames(s, names, setModule) {
  while (s.pos < s.end) {
    const sub = s.byte();
    const size = s.u32();
    const end = s.pos + size;
    if (sub === 0) setModule(s.name());
    else if (sub === 1) {
      const n = s.u32();
      for (let i = 0; i < n; i++) {
        const index = s.u32();
        names.set(index, s.name());
      }
    }
    s.pos = end;
  }
}

// ---- calls ----

/** Skips a block type: 0x40, a value type, or a type index (s33). */
function skipBlockType(r) {
  const b = r.bytes[r.pos];
  if (b === 0x40 || (b >= 0x6f && b <= 0x7f)) r.pos++;
  else r.skipLeb();
}

/**
 * The functions a body calls directly (`call`, `return_call`) or takes the address of
 * (`ref.func`). Decodes every instruction of the MVP and of the extensions rustc emits
 * (bulk memory, sign extension, saturating conversions, reference types).
 */
export function calleesOf(bytes, { start, end }, constants = null) {
  const r = new Reader(bytes, start, end);
  const callees = new Set();
  const groups = r.u32();
  for (let i = 0; i < groups; i++) {
    r.u32();
    r.byte();
  }
  while (r.pos < end) {
    const op = r.byte();
    if (op === 0x02 || op === 0x03 || op === 0x04) skipBlockType(r);
    else if (op === 0x0c || op === 0x0d) r.u32();
    else if (op === 0x0e) {
      const n = r.u32();
      for (let i = 0; i <= n; i++) r.u32();
    } else if (op === 0x10 || op === 0x12 || op === 0xd2) callees.add(r.u32());
    else if (op === 0x11 || op === 0x13) {
      r.u32();
      r.u32();
    } else if (op === 0x1c) {
      const n = r.u32();
      r.skip(n);
    } else if (op >= 0x20 && op <= 0x26) r.u32();
    else if (op >= 0x28 && op <= 0x3e) {
      r.u32();
      r.u32();
    } else if (op === 0x3f || op === 0x40) r.byte();
    else if (op === 0x41 && constants) {
      let value = 0;
      let shift = 0;
      for (;;) {
        const b = r.byte();
        value |= (b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80)) break;
      }
      if (value > 0) constants.add(value);
    } else if (op === 0x41 || op === 0x42) r.skipLeb();
    else if (op === 0x43) r.skip(4);
    else if (op === 0x44) r.skip(8);
    else if (op === 0xd0) r.byte();
    else if (op === 0xfc) {
      const sub = r.u32();
      if (sub === 8) {
        r.u32();
        r.byte();
      } else if (sub === 9 || sub === 13 || (sub >= 15 && sub <= 17)) r.u32();
      else if (sub === 10) r.skip(2);
      else if (sub === 11) r.skip(1);
      else if (sub === 12 || sub === 14) {
        r.u32();
        r.u32();
      } else if (sub > 7) throw new Error(`wasm: unknown 0xfc ${sub} at byte ${r.pos}`);
    } else if (op === 0xfd) throw new Error(`wasm: SIMD instruction at byte ${r.pos} (not decoded)`);
    // Every other opcode up to 0xd1 has no immediates.
  }
  return callees;
}

/**
 * Why a function is in the module: its callers, their callers, … up to `depth`, as
 * indented text lines. Functions reached only through the table (`call_indirect`:
 * trait objects, closures) have no direct callers: "(table)".
 */
export function whyIncluded(file, pattern, { depth = 5, width = 6 } = {}) {
  const bytes = fs.readFileSync(file);
  const wasm = parseWasm(bytes);
  // Direct calls, and function pointers: an `i32.const` equal to a table slot taken
  // as that slot's function (how fmt::Arguments and closures pass functions; a
  // constant that merely equals a slot number can show a false caller, marked *).
  const callers = new Map();
  const pointerTakers = new Map();
  for (const body of wasm.bodies) {
    const constants = new Set();
    for (const callee of calleesOf(bytes, body, constants)) {
      if (!callers.has(callee)) callers.set(callee, new Set());
      callers.get(callee).add(body.index);
    }
    for (const c of constants) {
      const f = wasm.tableSlots.get(c);
      if (f === undefined) continue;
      if (!pointerTakers.has(f)) pointerTakers.set(f, new Set());
      pointerTakers.get(f).add(body.index);
    }
  }
  const label = (i) => withoutHash(demangleLegacy(wasm.names.get(i) ?? '') ?? wasm.names.get(i) ?? `function[${i}]`);
  const sizes = new Map(wasm.bodies.map((b) => [b.index, b.size]));
  const matches = wasm.bodies.filter((b) => label(b.index).includes(pattern) || (wasm.names.get(b.index) ?? "").includes(pattern));
  const lines = [];
  for (const target of matches.slice(0, 3)) {
    const seen = new Set();
    const walk = (i, level) => {
      const name = label(i);
      lines.push(`${'  '.repeat(level)}${name.length > 160 ? `${name.slice(0, 157)}...` : name} (${sizes.get(i) ?? 0} B)`);
      if (seen.has(i)) return;
      seen.add(i);
      if (level >= depth) return;
      const from = [...(callers.get(i) ?? [])];
      const pointers = [...(pointerTakers.get(i) ?? [])].filter((c) => !from.includes(c));
      if (!from.length && !pointers.length) lines.push(`${'  '.repeat(level + 1)}(table via data, export or start only)`);
      for (const c of from.slice(0, width)) walk(c, level + 1);
      if (from.length > width) lines.push(`${'  '.repeat(level + 1)}… ${from.length - width} more callers`);
      for (const c of pointers.slice(0, width)) {
        lines.push(`${'  '.repeat(level + 1)}* takes its address:`);
        walk(c, level + 1);
      }
      if (pointers.length > width) lines.push(`${'  '.repeat(level + 1)}… ${pointers.length - width} more take its address`);
    };
    walk(target.index, 0);
    lines.push('');
  }
  if (!matches.length) lines.push(`no function named like ${JSON.stringify(pattern)}`);
  return lines.join('\n');
}

// ---- names → crates ----

/** Rust legacy mangling: `_ZN4core3fmt9Formatter3pad17h0123456789abcdefE` → core::fmt::Formatter::pad. */
export function demangleLegacy(name) {
  const m = /^_?_ZN(.*)E/.exec(name);
  if (!m) return null;
  const parts = [];
  let rest = m[1];
  while (rest.length) {
    const len = /^(\d+)/.exec(rest);
    if (!len) break;
    const n = Number(len[1]);
    parts.push(rest.slice(len[1].length, len[1].length + n));
    rest = rest.slice(len[1].length + n);
  }
  if (parts.length && /^h[0-9a-f]{16}$/.test(parts.at(-1))) parts.pop();
  return parts
    .join('::')
    .replace(/\$LT\$/g, '<')
    .replace(/\$GT\$/g, '>')
    .replace(/\$u20\$/g, ' ')
    .replace(/\$RF\$/g, '&')
    .replace(/\$BP\$/g, '*')
    .replace(/\$C\$/g, ',')
    .replace(/\$u7b\$/g, '{')
    .replace(/\$u7d\$/g, '}')
    .replace(/\$u5b\$/g, '[')
    .replace(/\$u5d\$/g, ']')
    .replace(/\$u27\$/g, "'")
    .replace(/\.\./g, '::');
}

/**
 * Rust v0 mangling (`_R…`): only the first crate root (`C`, optional `s<hash>_`
 * disambiguator, then `<len><ident>`) is decoded, which is the crate of the outermost
 * path in nearly every symbol.
 */
export function crateOfV0(name) {
  if (!/^_?_R/.test(name)) return null;
  const m = /C(?:s[0-9a-zA-Z]*_)?(\d+)(_?)/.exec(name);
  if (!m) return null;
  const start = m.index + m[0].length;
  return name.slice(start, start + Number(m[1]));
}

/** `name` with a trailing `::h<16 hex>` hash removed. */
function withoutHash(name) {
  return name.replace(/::h[0-9a-f]{16}$/, '');
}

/**
 * The crate a (demangled) Rust path belongs to, and the crate of its first generic
 * argument (`via`), e.g. `core::ptr::drop_in_place<leptos::A>` → core via leptos.
 */
export function crateOf(rawName) {
  if (rawName === undefined) return { crate: '(no name)', via: null, name: '(no name)' };
  let name = rawName;
  if (/^_?_R/.test(name)) {
    const crate = crateOfV0(name);
    return { crate: crate ?? '(v0 symbol)', via: null, name };
  }
  const legacy = demangleLegacy(name);
  if (legacy) name = legacy;
  name = withoutHash(name);
  const crate = headCrate(name);
  const generic = name.indexOf('<', name.startsWith('<') ? 1 : 0);
  const via = generic > 0 ? headCrate(name.slice(generic + 1)) : null;
  return { crate, via: via && via !== crate ? via : null, name };
}

/** The crate of the first path in `s`: `<&mut alloc::string::String as …>` → alloc. */
function headCrate(s) {
  // LLD writes `<T as Trait>::f` as `_<T as Trait>::f`.
  let t = s.trimStart().replace(/^_</, '<');
  for (;;) {
    const before = t;
    t = t.replace(/^(<|&|\*const |\*mut |mut |dyn |impl |\[|\(|'[a-z_]+ )/, '').trimStart();
    if (t === before) break;
  }
  // `core[1a2b3c]::…`: a crate with its disambiguator (v0 names as binaryen prints them).
  t = t.replace(/^([A-Za-z_][A-Za-z0-9_]*)\[[0-9a-f]+\]/, '$1');
  const m = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(t);
  if (!m) return '(other)';
  const head = m[1];
  if (!t.slice(head.length).startsWith('::')) {
    // A bare name: a primitive (`<u8 as core::fmt::Debug>::fmt`), a C-ABI symbol
    // (memcpy, dlmalloc), or a wasm-bindgen shim (`__wbg_…`).
    // `<u8 as core::fmt::Debug>::fmt`, `<T as tachys::…::IntoAny>::into_any`: the
    // trait's crate.
    const trait = / as ([A-Za-z_][A-Za-z0-9_]*)::/.exec(t);
    if (trait) return trait[1];
    if (/^(u8|u16|u32|u64|u128|usize|i8|i16|i32|i64|i128|isize|f32|f64|bool|char|str)$/.test(head)) return 'core';
    if (/^(__wbg|__wbindgen|__externref|__wasm_bindgen)/.test(head)) return 'wasm-bindgen glue';
    if (/^(mem|str|strn)[a-z]*$|^__(ashl|ashr|lshr|mul|div|udiv|mod|umod)/.test(head)) return 'compiler_builtins';
    if (/_[0-9a-f]{16}$/.test(head)) return '(exported shims)';
    if (/^dl|malloc|free|realloc|calloc/.test(head)) return 'dlmalloc';
    return `(${head})`;
  }
  return head;
}

// ---- the report ----

/**
 * The table of a wasm file, as data: sections, functions (largest first), crates.
 * `top` and `crates` limit the lists (0: all). Brotli figures are each part compressed
 * alone (q11): they show what compresses badly, and do not add up to the file's.
 */
export function wasmBytes(file, { top = 30, crates = 40 } = {}) {
  const bytes = fs.readFileSync(file);
  const wasm = parseWasm(bytes);
  const brotli = (buf) =>
    zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const functions = wasm.bodies.map(({ index, size, start, end }) => {
    const raw = wasm.names.get(index);
    const { crate, via, name } = crateOf(raw);
    return { index, size, name: raw === undefined ? `function[${index}]` : name, crate, via, start, end };
  });
  functions.sort((a, b) => b.size - a.size);
  const byCrate = new Map();
  for (const f of functions) {
    const c = byCrate.get(f.crate) ?? { crate: f.crate, functions: 0, size: 0, parts: [] };
    c.functions++;
    c.size += f.size;
    c.parts.push(bytes.subarray(f.start, f.end));
    byCrate.set(f.crate, c);
  }
  // Each crate's bodies compressed together, alone: what the crate costs compressed,
  // roughly (the whole file compresses a little better, across crates).
  for (const c of byCrate.values()) {
    c.brotli = c.size > 512 ? brotli(Buffer.concat(c.parts)) : null;
    delete c.parts;
  }
  for (const f of functions) {
    delete f.start;
    delete f.end;
  }
  const codeSize = functions.reduce((t, f) => t + f.size, 0);
  const crateList = [...byCrate.values()].sort((a, b) => b.size - a.size);
  const dataSection = wasm.sections.find((s) => s.id === 11);
  const sections = wasm.sections.map((s) => ({
    kind: s.kind,
    name: s.name ?? null,
    size: s.size,
    brotli: s.size > 1024 ? brotli(bytes.subarray(s.start, s.end)) : null,
  }));
  return {
    file: path.relative(process.cwd(), file),
    size: bytes.length,
    brotli: brotli(bytes),
    named: wasm.names.size > 0,
    target_features: wasm.features,
    sections,
    code: { functions: functions.length, size: codeSize },
    data: { segments: wasm.dataSegments, size: dataSection?.size ?? 0 },
    crates: (crates ? crateList.slice(0, crates) : crateList).map((c) => ({ ...c, share: c.size / codeSize })),
    top: top ? functions.slice(0, top) : functions,
  };
}

const kib = (n) => (n / 1024).toFixed(1).padStart(7);

/** The table as text. */
export function formatWasmBytes(t) {
  const lines = [];
  lines.push(`${t.file}: ${kib(t.size).trim()} KiB raw, ${kib(t.brotli).trim()} KiB brotli (q11)`);
  if (t.target_features.length) lines.push(`target features: ${t.target_features.join(' ')}`);
  lines.push('', 'SECTIONS (KiB; brotli of the section alone)');
  for (const s of t.sections) {
    const br = s.brotli === null ? '       ' : kib(s.brotli);
    lines.push(`  ${kib(s.size)} ${br}  ${s.kind}${s.name ? ` "${s.name}"` : ''}`);
  }
  lines.push(`  code: ${t.code.functions} function bodies, ${kib(t.code.size).trim()} KiB; data: ${t.data.segments} segments, ${kib(t.data.size).trim()} KiB`);
  if (!t.named) {
    lines.push('', 'no "name" section: functions cannot be named (wasm-opt drops it without -g).');
    lines.push('Run node bench/wasm_bytes.mjs --named after ./scripts/build.');
  }
  lines.push('', 'CRATES (function bodies, KiB; brotli of the crate\'s bodies alone)');
  for (const c of t.crates) {
    const br = c.brotli === null ? '       ' : kib(c.brotli);
    lines.push(`  ${kib(c.size)} ${br}  ${(100 * c.share).toFixed(1).padStart(5)}%  ${String(c.functions).padStart(5)} fns  ${c.crate}`);
  }
  lines.push('', 'LARGEST FUNCTIONS (bytes)');
  for (const f of t.top) {
    const name = f.name.length > 150 ? `${f.name.slice(0, 147)}...` : f.name;
    lines.push(`  ${String(f.size).padStart(7)}  ${f.crate.padEnd(18)} ${name}`);
  }
  return lines.join('\n');
}

/**
 * The shipped wasm with its function names: Trunk's post-wasm-bindgen file optimised
 * again with index.html's wasm-opt options and -g. Returns its path.
 */
export function namedBuild({ root = process.cwd() } = {}) {
  const input = path.join(root, 'target/wasm-bindgen/release/fumi_bg.wasm');
  if (!fs.existsSync(input)) throw new Error(`${input} is missing: run ./scripts/build first`);
  const html = fs.readFileSync(path.join(root, 'index.html'), 'utf8');
  const link = /<link[^>]*data-trunk[^>]*rel="rust"[^>]*>/.exec(html)?.[0] ?? '';
  const level = /data-wasm-opt="([^"]*)"/.exec(link)?.[1] ?? '0';
  const params = (/data-wasm-opt-params="([^"]*)"/.exec(link)?.[1] ?? '').split(/\s+/).filter(Boolean);
  const output = path.join(root, 'target/wasm-bytes/fumi_bg.wasm');
  fs.mkdirSync(path.dirname(output), { recursive: true });
  const wasmOpt = path.join(root, 'node_modules/.bin/wasm-opt');
  const args = level === '0' ? [input, '-g', '-o', output] : [`--output=${output}`, `-O${level}`, input, ...params, '-g'];
  execFileSync(fs.existsSync(wasmOpt) ? wasmOpt : 'wasm-opt', args, { stdio: 'inherit' });
  return output;
}

function defaultFile() {
  const candidates = [];
  candidates.push('target/wasm-bytes/fumi_bg.wasm');
  if (fs.existsSync('dist')) {
    for (const f of fs.readdirSync('dist')) if (f.endsWith('_bg.wasm')) candidates.push(path.join('dist', f));
  }
  candidates.push('target/wasm32-unknown-unknown/release/fumi.wasm');
  return candidates.find((f) => fs.existsSync(f));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    if (i < 0) return fallback;
    const [, value] = args.splice(i, 2);
    return Number(value);
  };
  const json = args.includes('--json');
  const named = args.includes('--named');
  const whyAt = args.indexOf('--why');
  const why = whyAt >= 0 ? args.splice(whyAt, 2)[1] : null;
  const top = option('--top', 30);
  const crates = option('--crates', 40);
  const file = args.find((a) => !a.startsWith('--')) ?? (named ? namedBuild() : defaultFile());
  if (!file) {
    console.error('no wasm file: give one, or build first (./scripts/build, then --named)');
    process.exit(2);
  }
  if (why) {
    console.log(whyIncluded(file, why));
    process.exit(0);
  }
  const table = wasmBytes(file, { top, crates });
  console.log(json ? JSON.stringify(table, null, 2) : formatWasmBytes(table));
}
