//! `embed.js`: the one stable URL a site owner puts in their page to embed fumi.
//!
//! Trunk names the app's files by content hash (`fumi-1a2b….js`, `main-3c4d….css`),
//! so they change with every build. The loader does not: written after Trunk by the
//! `post_build` hook, it knows this build's hashed names and, in the host page, gives
//! every `<div data-fumi …>` a shadow root with fumi's stylesheets, starts the wasm
//! once, and mounts an instance into each element. Its own location is the site
//! root, so the same loader works from any origin and under any sub-path.
//!
//! Inside a shadow root `rem` still means the host page's root font size, and many
//! sites set `html { font-size: 62.5% }`: the blog's text would shrink to ~10 px. So
//! the loader links an embed copy of each stylesheet (`embed-<name>.css`) whose
//! lengths in `rem` are in units of `--fumi-rem` instead: the reader's default font
//! size, measured by the loader, unless the host sets `--fumi-rem` on its element to
//! scale the blog on purpose.

use std::fs;
use std::io;
use std::path::Path;

/// The loader's file name, at the site root.
pub const LOADER: &str = "embed.js";

/// Writes `embed.js` into `dist`, naming the build's wasm, its JavaScript glue and the
/// stylesheets `index.html` links.
pub fn write(dist: &Path) -> io::Result<()> {
    let (js, wasm) = app_files(dist)?;
    let index = fs::read_to_string(dist.join("index.html"))?;
    let mut css = Vec::new();
    for sheet in stylesheets(&index) {
        let embedded = embed_copy_name(&sheet);
        fs::write(dist.join(&embedded), rem_to_fumi_rem(&fs::read_to_string(dist.join(&sheet))?))?;
        css.push(embedded);
    }
    let assets = serde_json::json!({ "js": js, "wasm": wasm, "css": css });
    fs::write(dist.join(LOADER), LOADER_SOURCE.replace("__FUMI_ASSETS__", &assets.to_string()))
}

/// The wasm-bindgen output: `<stem>_bg.wasm` and its glue `<stem>.js`.
fn app_files(dist: &Path) -> io::Result<(String, String)> {
    for entry in fs::read_dir(dist)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix("_bg.wasm") {
            let js = format!("{stem}.js");
            if dist.join(&js).is_file() {
                return Ok((js, name));
            }
        }
    }
    Err(io::Error::new(io::ErrorKind::NotFound, "no <name>_bg.wasm with its <name>.js in the build"))
}

/// `main-3c4d….css` → `embed-main-3c4d….css`: still named by its content hash, so
/// hosts cache it as they cache the original.
fn embed_copy_name(sheet: &str) -> String {
    format!("embed-{sheet}")
}

/// `css` with every length in `rem` written in units of `--fumi-rem` (the same 1rem
/// when the property is unset), except in at-rule preludes: a media query's `rem` is
/// the browser's default size already, and a custom property cannot appear there.
fn rem_to_fumi_rem(css: &str) -> String {
    static REM: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        // A number directly followed by `rem`, not part of a longer identifier.
        regex::Regex::new(r"(^|[^\w.-])(-?(?:\d+\.?\d*|\.\d+))rem\b").expect("a valid pattern")
    });
    let mut out = String::with_capacity(css.len() * 5 / 4);
    let mut rest = css;
    while !rest.is_empty() {
        // Comments and at-rule preludes (up to their `{` or `;`) are copied as they are.
        let next = rest.find(['@', '/']).unwrap_or(rest.len());
        let (plain, tail) = rest.split_at(next);
        out.push_str(&REM.replace_all(plain, "${1}calc(${2} * var(--fumi-rem, 1rem))"));
        let verbatim = if tail.starts_with("/*") {
            tail.find("*/").map_or(tail.len(), |end| end + 2)
        } else if tail.starts_with('@') {
            tail.find(['{', ';']).map_or(tail.len(), |end| end + 1)
        } else {
            tail.len().min(1)
        };
        out.push_str(&tail[..verbatim]);
        rest = &tail[verbatim..];
    }
    out
}

/// File names of the stylesheets `<link rel="stylesheet" href="…">` in `html`, in order.
pub(crate) fn stylesheets(html: &str) -> Vec<String> {
    html.split("<link")
        .skip(1)
        .filter_map(|tag| {
            let tag = &tag[..tag.find('>')?];
            if !tag.contains("rel=\"stylesheet\"") {
                return None;
            }
            let href = tag.split("href=\"").nth(1)?.split('"').next()?;
            Some(href.rsplit('/').next()?.to_owned())
        })
        .collect()
}

/// Plain ES2020 that every browser fumi supports runs as a classic script, so that
/// `document.currentScript` tells the loader where the site lives.
const LOADER_SOURCE: &str = r#"// fumi embed loader: mounts fumi into every <div data-fumi> of this page.
// Written by fumi-publish at build time; its URL is stable, the files it loads are not.
(() => {
  if (window.fumi) return; // included twice
  const site = new URL('./', document.currentScript.src);
  const assets = __FUMI_ASSETS__;
  const at = (file) => new URL(file, site).href;
  // The wasm fills this in when it starts: mount(host, root, siteUrl), unmount(host).
  const bridge = (window.fumiEmbed = {});
  let started;
  const start = () =>
    (started ??= import(at(assets.js)).then((glue) => glue.default({ module_or_path: at(assets.wasm) })));
  const styles = (shadow) =>
    Promise.all(
      assets.css.map(
        (file) =>
          new Promise((done) => {
            const link = document.createElement('link');
            link.rel = 'stylesheet';
            link.href = at(file);
            link.onload = link.onerror = done;
            shadow.append(link);
          }),
      ),
    );
  const pending = new WeakMap();
  // The reader's default font size (what `rem` is on the blog's own site), measured
  // once: the embed stylesheets size everything in units of it, whatever the host
  // page's root font size. A host's own `--fumi-rem` on the element wins.
  let defaultSize;
  const readerSize = () => {
    if (!defaultSize) {
      const probe = document.createElement('div');
      probe.style.cssText = 'all: initial; position: absolute; visibility: hidden; font-size: medium';
      document.body.append(probe);
      defaultSize = getComputedStyle(probe).fontSize;
      probe.remove();
    }
    return defaultSize;
  };

  async function mount(host) {
    unmount(host);
    const ticket = {};
    pending.set(host, ticket);
    const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    shadow.replaceChildren();
    const size = document.createElement('style');
    size.textContent = `:host { --fumi-rem: ${readerSize()}; }`;
    shadow.append(size);
    // Styles first, so the blog never shows unstyled.
    await Promise.all([styles(shadow), start()]);
    if (pending.get(host) !== ticket) return; // unmounted or remounted meanwhile
    pending.delete(host);
    const root = document.createElement('div');
    root.className = 'fumi-embed';
    shadow.append(root);
    try {
      bridge.mount(host, root, site.href);
    } catch (error) {
      root.textContent = String(error);
      throw error;
    }
  }

  function unmount(host) {
    pending.delete(host);
    bridge.unmount?.(host);
    host.shadowRoot?.replaceChildren();
  }

  window.fumi = { mount, unmount };
  const mountAll = () =>
    document.querySelectorAll('[data-fumi]').forEach((host) => mount(host).catch((e) => console.error(e)));
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll);
  else mountAll();
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loader_names_this_builds_hashed_files() {
        let dist = tempfile::tempdir().unwrap();
        let d = dist.path();
        fs::write(d.join("fumi-9f8e_bg.wasm"), b"\0asm").unwrap();
        fs::write(d.join("fumi-9f8e.js"), "export default async function init() {}").unwrap();
        fs::write(d.join("fumi-start-1234.js"), "").unwrap();
        fs::write(
            d.join("index.html"),
            r#"<head><link rel="icon" href="/blog/favicon-1.svg"/>
<link rel="stylesheet" href="/blog/main-aa.css" integrity="sha384-x"/>
<link rel="stylesheet" href="/blog/lists-bb.css"/><link rel="alternate" href="feed.xml"></head>"#,
        )
        .unwrap();
        fs::write(d.join("main-aa.css"), "a{margin:1rem}").unwrap();
        fs::write(d.join("lists-bb.css"), "").unwrap();
        write(d).unwrap();
        let loader = fs::read_to_string(d.join(LOADER)).unwrap();
        assert!(
            loader.contains(
                r#"{"css":["embed-main-aa.css","embed-lists-bb.css"],"js":"fumi-9f8e.js","wasm":"fumi-9f8e_bg.wasm"}"#
            ),
            "{loader}"
        );
        assert_eq!(
            fs::read_to_string(d.join("embed-main-aa.css")).unwrap(),
            "a{margin:calc(1 * var(--fumi-rem, 1rem))}"
        );
        assert!(!loader.contains("__FUMI_ASSETS__"));
    }

    #[test]
    fn embed_stylesheets_size_in_fumi_rem_except_in_at_rule_preludes() {
        let css = "/* 2rem in a comment */\n:host { --space-1: 0.25rem; --x: .5rem }\n\
                   h1 { font-size: clamp(1.6rem, 1.2rem + 2vw, 2.2rem); top: -3rem; width: 10px }\n\
                   @media (min-width: 64rem) { .a { margin: 1rem 0 } }\n.remote, .x-2rem { line-height: 1 }";
        assert_eq!(
            rem_to_fumi_rem(css),
            "/* 2rem in a comment */\n:host { --space-1: calc(0.25 * var(--fumi-rem, 1rem)); --x: calc(.5 * var(--fumi-rem, 1rem)) }\n\
             h1 { font-size: clamp(calc(1.6 * var(--fumi-rem, 1rem)), calc(1.2 * var(--fumi-rem, 1rem)) + 2vw, calc(2.2 * var(--fumi-rem, 1rem))); \
             top: calc(-3 * var(--fumi-rem, 1rem)); width: 10px }\n\
             @media (min-width: 64rem) { .a { margin: calc(1 * var(--fumi-rem, 1rem)) 0 } }\n.remote, .x-2rem { line-height: 1 }"
        );
    }

    #[test]
    fn a_build_without_the_app_is_an_error() {
        let dist = tempfile::tempdir().unwrap();
        fs::write(dist.path().join("index.html"), "").unwrap();
        assert!(write(dist.path()).is_err());
    }
}
