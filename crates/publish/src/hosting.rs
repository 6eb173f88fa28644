//! Files that make `dist/` work on static hosts, written after Trunk has produced
//! `index.html` and the hashed assets (a `post_build` hook):
//!
//! - `404.html`, a copy of `index.html`: GitHub Pages and S3-style hosts answer an
//!   unknown path (a deep link such as `/posts/a`) with it, and the app routes.
//! - `_redirects` for Netlify and Cloudflare Pages: every path falls back to the
//!   app shell (`404.html`) with status 200.
//! - `_headers`: hashed assets are cached forever; everything else revalidates; every
//!   file may be read from other origins (for pages that embed the blog); in a
//!   release build every path also gets the Content-Security-Policy ([`crate::csp`]).
//! - `.br` and `.gz` copies of every sizeable text file, for hosts that serve
//!   pre-compressed files (see [`crate::compress`]).

use std::path::Path;

/// Paths whose content changes under the same name: browsers must revalidate them.
const REVALIDATED: &[&str] = &[
    "",
    "index.html",
    "404.html",
    "embed.js",
    "sw.js",
    "offline.json",
    "manifest.webmanifest",
    "posts/*",
    "images/*",
    "feed.xml",
    "feed.json",
    "feeds/*",
    "sitemap.xml",
    "robots.txt",
];

/// Trunk's public URL as a path with one slash at each end: `/` or `/blog/`.
pub fn base_path(public_url: &str) -> String {
    let inner = public_url.trim_matches('/');
    if inner.is_empty() {
        "/".into()
    } else {
        format!("/{inner}/")
    }
}

/// Whether a file name carries Trunk's content hash (`main-8a177109a9e39ebf.css`).
/// Trunk writes the 64-bit hash in hex without leading zeros, so one build in
/// sixteen has a 15-digit hash (`fumi-19f3a647b3c4064_bg.wasm`), one in 256 a 14-digit
/// one (fewer is rarer than one in 4,096; shorter hex runs, such as dates, are names).
pub fn is_hashed(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem); // wasm-bindgen's module file
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| (14..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Writes `404.html`, `_redirects` and `_headers` into `dist`, for a site served
/// under `public_url` (`/` or `/blog/`), with `policy` as every path's
/// Content-Security-Policy if given.
pub fn write(dist: &Path, public_url: &str, policy: Option<&str>) -> std::io::Result<()> {
    let base = base_path(public_url);
    std::fs::copy(dist.join("index.html"), dist.join("404.html"))?;
    // The fallback is the plain shell, not index.html: a release build's index.html
    // carries the static home page, which must not flash up on other routes.
    std::fs::write(dist.join("_redirects"), format!("{base}*  {base}404.html  200\n"))?;

    let mut hashed: Vec<String> = std::fs::read_dir(dist)?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| is_hashed(name))
        .collect();
    hashed.sort();
    // Rules that match one path are combined by these hosts, so `/*` carries no
    // Cache-Control: each path gets exactly one policy.
    let mut headers = format!(
        "# Cache and security policy for Netlify / Cloudflare Pages; the README shows the same for other hosts.\n# Any site may embed the blog (embed.js): its public files may be read from other origins.\n{base}*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n  Access-Control-Allow-Origin: *\n"
    );
    if let Some(policy) = policy {
        headers.push_str(&format!("  Content-Security-Policy: {policy}\n"));
    }
    // The copies of post images are named by their content too, as are the drawn
    // link-preview images.
    let folders = [crate::image_variants::FOLDER, fumi_content::layout::PREVIEWS_DIR].map(|f| format!("{f}/*"));
    for name in hashed.iter().chain(&folders) {
        headers.push_str(&format!("{base}{name}\n  Cache-Control: public, max-age=31536000, immutable\n"));
    }
    for path in REVALIDATED {
        headers.push_str(&format!("{base}{path}\n  Cache-Control: public, max-age=0, must-revalidate\n"));
    }
    std::fs::write(dist.join("_headers"), headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_urls_become_slash_wrapped_paths() {
        assert_eq!(base_path("/"), "/");
        assert_eq!(base_path(""), "/");
        assert_eq!(base_path("/blog"), "/blog/");
        assert_eq!(base_path("blog/"), "/blog/");
    }

    #[test]
    fn recognises_trunk_hashed_names() {
        assert!(is_hashed("main-8a177109a9e39ebf.css"));
        assert!(is_hashed("fumi-7cc47c6e8253fb14.js"));
        assert!(is_hashed("fumi-7cc47c6e8253fb14_bg.wasm"));
        assert!(is_hashed("fumi-19f3a647b3c4064_bg.wasm"), "a hash with its leading zero dropped");
        assert!(!is_hashed("theme.js"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("kubernetes-resource-requests.md"));
        assert!(!is_hashed("feed.xml"));
        assert!(!is_hashed("diagram-20240101.svg"), "a date is not a hash");
    }

    #[test]
    fn writes_fallbacks_and_cache_rules_for_a_sub_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<!doctype html><base href=\"/blog/\">").unwrap();
        std::fs::write(dir.path().join("main-8a177109a9e39ebf.css"), "").unwrap();
        std::fs::write(dir.path().join("theme-0b5e1a2c3d4f5a6b.js"), "").unwrap();
        std::fs::write(dir.path().join("embed.js"), "").unwrap();
        write(dir.path(), "/blog/", None).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("404.html")).unwrap(),
            std::fs::read_to_string(dir.path().join("index.html")).unwrap()
        );
        assert_eq!(std::fs::read_to_string(dir.path().join("_redirects")).unwrap(), "/blog/*  /blog/404.html  200\n");
        let headers = std::fs::read_to_string(dir.path().join("_headers")).unwrap();
        assert!(
            headers.contains("/blog/main-8a177109a9e39ebf.css\n  Cache-Control: public, max-age=31536000, immutable")
        );
        // The script that runs before the first paint is hashed: a returning reader's
        // page never waits on revalidating it.
        assert!(
            headers.contains("/blog/theme-0b5e1a2c3d4f5a6b.js\n  Cache-Control: public, max-age=31536000, immutable"),
            "{headers}"
        );
        assert!(headers.contains("/blog/embed.js\n  Cache-Control: public, max-age=0, must-revalidate"), "{headers}");
        assert!(headers.contains("/blog/posts/*\n  Cache-Control: public, max-age=0, must-revalidate"), "{headers}");
        assert!(headers.contains("/blog/_img/*\n  Cache-Control: public, max-age=31536000, immutable"), "{headers}");
        assert!(
            headers.contains("/blog/previews/*\n  Cache-Control: public, max-age=31536000, immutable"),
            "{headers}"
        );
        assert_eq!(headers.matches("Cache-Control").count(), 4 + REVALIDATED.len(), "one policy per path: {headers}");
        assert!(!headers.contains("Content-Security-Policy"), "none asked for: {headers}");
    }

    #[test]
    fn every_path_gets_the_content_security_policy_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<!doctype html>").unwrap();
        write(dir.path(), "/", Some("default-src 'self'")).unwrap();
        let headers = std::fs::read_to_string(dir.path().join("_headers")).unwrap();
        assert!(
            headers.contains("/*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n  Access-Control-Allow-Origin: *\n  Content-Security-Policy: default-src 'self'\n"),
            "{headers}"
        );
        assert_eq!(headers.matches("Content-Security-Policy").count(), 1, "{headers}");
    }
}
