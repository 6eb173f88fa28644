//! `embed.js`: the one stable URL a site owner puts in their page to embed fumi.
//!
//! Trunk names the app's files by content hash (`fumi-1a2b….js`, `main-3c4d….css`),
//! so they change with every build. The loader does not: written after Trunk by the
//! `post_build` hook, it knows this build's hashed names and, in the host page, gives
//! every `<div data-fumi …>` a shadow root with fumi's stylesheets, starts the wasm
//! once, and mounts an instance into each element. Its own location is the site
//! root, so the same loader works from any origin and under any sub-path.

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
    let css = stylesheets(&index);
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

/// File names of the stylesheets `<link rel="stylesheet" href="…">` in `html`, in order.
fn stylesheets(html: &str) -> Vec<String> {
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

  async function mount(host) {
    unmount(host);
    const ticket = {};
    pending.set(host, ticket);
    const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    shadow.replaceChildren();
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
        write(d).unwrap();
        let loader = fs::read_to_string(d.join(LOADER)).unwrap();
        assert!(
            loader.contains(r#"{"css":["main-aa.css","lists-bb.css"],"js":"fumi-9f8e.js","wasm":"fumi-9f8e_bg.wasm"}"#),
            "{loader}"
        );
        assert!(!loader.contains("__FUMI_ASSETS__"));
    }

    #[test]
    fn a_build_without_the_app_is_an_error() {
        let dist = tempfile::tempdir().unwrap();
        fs::write(dist.path().join("index.html"), "").unwrap();
        assert!(write(dist.path()).is_err());
    }
}
