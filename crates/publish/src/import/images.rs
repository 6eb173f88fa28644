//! `import … --fetch-images`: the old blog's images, downloaded into the site
//! (`public/images/imported/`) so they outlive it, and the posts' links rewritten to
//! them. Only what is really an image of sane dimensions is kept; an image that cannot
//! be fetched stays a remote link, said in the report, and never fails the import.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

/// Larger files are refused: no screenshot in a blog post is this big.
const MAX_BYTES: u64 = 20 * 1024 * 1024;
/// Larger dimensions are refused (a decompression bomb is small on the wire).
const MAX_SIDE: usize = 16_384;
/// Where the images go, under the project's `public/` (served at the site root).
pub const FOLDER: &str = "images/imported";

/// Downloads images once per import, whichever posts share them.
pub struct Fetcher {
    agent: ureq::Agent,
    /// Remote URL → the site path it was saved at, or why it could not be.
    done: HashMap<String, Result<String, String>>,
}

impl Fetcher {
    pub fn new() -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(15)))
            .max_redirects(5)
            .user_agent("fumi-publish import (https://github.com/)")
            .build();
        Fetcher { agent: config.into(), done: HashMap::new() }
    }

    /// Fetches every remote image `markdown` shows into `root/public/images/imported/`
    /// and returns the Markdown with its links pointing there, and notes for the report.
    pub fn localize(&mut self, markdown: &str, root: &Path) -> (String, Vec<String>) {
        let mut out = markdown.to_owned();
        let mut notes = Vec::new();
        let mut fetched = 0;
        for url in fumi_content::markdown::image_urls(markdown) {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                continue;
            }
            let saved = match self.done.get(&url) {
                Some(result) => result.clone(),
                None => {
                    let result = self.fetch(&url, root);
                    self.done.insert(url.clone(), result.clone());
                    result
                }
            };
            match saved {
                Ok(local) => {
                    // Link destinations only: `](url)` and `](url "title")`.
                    out = out.replace(&format!("]({url})"), &format!("]({local})"));
                    out = out.replace(&format!("]({url} "), &format!("]({local} "));
                    fetched += 1;
                }
                Err(why) => {
                    notes.push(format!("image {url} not fetched ({why}): kept as a remote link"));
                }
            }
        }
        if fetched > 0 {
            notes.push(format!("{fetched} image(s) fetched into public/{FOLDER}/"));
        }
        (out, notes)
    }

    fn fetch(&self, url: &str, root: &Path) -> Result<String, String> {
        let mut response = self.agent.get(url).call().map_err(|e| e.to_string())?;
        let bytes =
            response.body_mut().with_config().limit(MAX_BYTES).read_to_vec().map_err(|e| format!("reading: {e}"))?;
        let extension = image_extension(&bytes)?;
        let name = file_name(url, extension);
        let target = root.join("public").join(FOLDER).join(&name);
        std::fs::create_dir_all(target.parent().expect("a folder")).map_err(|e| e.to_string())?;
        std::fs::write(&target, &bytes).map_err(|e| format!("{}: {e}", target.display()))?;
        Ok(format!("{FOLDER}/{name}"))
    }
}

/// The file extension of a raster image fumi can show, after checking it is one and
/// that its dimensions are sane. SVG is refused: it may carry script, and the old
/// site's copy is as good a source as any.
fn image_extension(bytes: &[u8]) -> Result<&'static str, String> {
    use imagesize::ImageType;
    let kind = imagesize::image_type(bytes).map_err(|_| "not an image".to_string())?;
    let extension = match kind {
        ImageType::Png => "png",
        ImageType::Jpeg => "jpg",
        ImageType::Gif => "gif",
        ImageType::Webp => "webp",
        other => return Err(format!("{other:?} images are not taken")),
    };
    let size = imagesize::blob_size(bytes).map_err(|e| format!("unreadable image: {e:?}"))?;
    if size.width == 0 || size.height == 0 || size.width > MAX_SIDE || size.height > MAX_SIDE {
        return Err(format!("{}×{} pixels is not an image size fumi takes", size.width, size.height));
    }
    Ok(extension)
}

/// A stable, readable file name: the URL's last segment made a slug, and a hash of
/// the whole URL so two `image.png` of different posts do not collide.
fn file_name(url: &str, extension: &str) -> String {
    let last = url.split(['?', '#']).next().unwrap_or(url).rsplit('/').next().unwrap_or("");
    let last = fumi_content::url::decode_segment(last);
    let stem = last.rsplit_once('.').map_or(last.as_str(), |(stem, _)| stem);
    let stem: String = fumi_content::slugify(stem).chars().take(40).collect();
    let hash = format!("{:016x}", crate::content_hash::fnv1a(url.as_bytes()));
    let stem = if stem.is_empty() { "image".to_owned() } else { stem };
    format!("{stem}-{}.{extension}", &hash[..8])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    /// A 2×1 PNG.
    const PNG: &[u8] = &[
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 2, 0, 0, 0, 1,
        8, 2, 0, 0, 0, 0x7b, 0x40, 0xe8, 0xdd,
    ];

    /// A web server on 127.0.0.1 answering paths with (status, body), for `requests`
    /// requests.
    fn serve(routes: Vec<(&'static str, u16, Vec<u8>)>, requests: usize) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            for stream in listener.incoming().take(requests) {
                let mut stream = stream.unwrap();
                let mut buffer = [0; 4096];
                let n = stream.read(&mut buffer).unwrap();
                let request = String::from_utf8_lossy(&buffer[..n]);
                let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let (status, body) =
                    routes.iter().find(|(p, ..)| *p == path).map_or((404, b"no".to_vec()), |(_, s, b)| (*s, b.clone()));
                let head =
                    format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", body.len());
                stream.write_all(head.as_bytes()).unwrap();
                stream.write_all(&body).unwrap();
            }
        });
        address
    }

    #[test]
    fn remote_images_are_saved_in_the_site_and_the_links_rewritten_once_each() {
        let server = serve(vec![("/a/screen%20shot.png", 200, PNG.to_vec())], 1);
        let url = format!("{server}/a/screen%20shot.png");
        let site = tempfile::tempdir().unwrap();
        let markdown = format!("![画面]({url})\n\nまた ![同じ画面]({url} \"題\")\n");
        let mut fetcher = Fetcher::new();
        let (out, notes) = fetcher.localize(&markdown, site.path());
        let name = file_name(&url, "png");
        assert!(name.starts_with("screen-shot-") && name.ends_with(".png"), "{name}");
        assert_eq!(
            out,
            format!("![画面](images/imported/{name})\n\nまた ![同じ画面](images/imported/{name} \"題\")\n")
        );
        assert_eq!(std::fs::read(site.path().join("public/images/imported").join(&name)).unwrap(), PNG);
        assert_eq!(notes, ["2 image(s) fetched into public/images/imported/"]);
    }

    #[test]
    fn what_is_not_an_image_or_not_there_stays_remote_and_is_said() {
        let server = serve(vec![("/fake.png", 200, b"<html>login</html>".to_vec())], 2);
        let site = tempfile::tempdir().unwrap();
        let markdown = format!("![a]({server}/fake.png)\n![b]({server}/gone.png)\n");
        let (out, notes) = Fetcher::new().localize(&markdown, site.path());
        assert_eq!(out, markdown, "links kept");
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].contains("fake.png not fetched (not an image)"), "{notes:?}");
        assert!(notes[1].contains("gone.png not fetched") && notes[1].contains("404"), "{notes:?}");
        assert!(!site.path().join("public").exists());
    }

    #[test]
    fn absurd_dimensions_and_svg_are_refused() {
        let mut huge = PNG.to_vec();
        huge[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        assert!(image_extension(&huge).unwrap_err().contains("100000×1"));
        assert!(image_extension(b"<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>").is_err());
        assert_eq!(image_extension(PNG), Ok("png"));
    }
}
