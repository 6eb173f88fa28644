//! Pre-compressed copies of the site's text files: `app.wasm.br` and `app.wasm.gz`
//! beside `app.wasm`. Hosts that serve them as they are (nginx `gzip_static` /
//! `brotli_static`, Caddy `precompressed`, S3 + CloudFront with the right
//! `Content-Encoding`) then send the smallest form at no CPU cost per request, and
//! at the highest levels, which are too slow to use on the fly.

use std::io::Write as _;
use std::path::Path;

/// Files smaller than this gain too little to be worth a second and third copy.
pub const MIN_SIZE: u64 = 1024;

/// Extensions of files that compress well (everything else in `dist/` is an image,
/// a font or already compressed).
const COMPRESSIBLE: &[&str] = &["wasm", "js", "css", "html", "json", "xml", "md", "svg", "txt"];

/// Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip, level 9) beside
/// every compressible file of at least [`MIN_SIZE`] bytes under `dir`, recursively.
/// A copy that would not be smaller than its original is not written. Returns how
/// many files were compressed.
pub fn precompress(dir: &Path) -> std::io::Result<usize> {
    let mut files = Vec::new();
    find_compressible(dir, &mut files)?;
    // Brotli at quality 11 is slow (seconds for the wasm): spread the files over the
    // machine's cores, largest first so no core is left with the big one at the end.
    files.sort_by_key(|(_, size)| std::cmp::Reverse(*size));
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(files.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> std::io::Result<()> {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((path, _)) = files.get(i) else { return Ok(()) };
                        compress_file(path)?;
                    }
                })
            })
            .collect();
        handles.into_iter().try_for_each(|h| h.join().expect("a compression thread panicked"))
    })?;
    Ok(files.len())
}

/// Compressible files of at least [`MIN_SIZE`] bytes under `dir`, with their sizes.
fn find_compressible(dir: &Path, files: &mut Vec<(std::path::PathBuf, u64)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            find_compressible(&path, files)?;
        } else if kind.is_file() && is_compressible(&path) {
            let size = entry.metadata()?.len();
            if size >= MIN_SIZE {
                files.push((path, size));
            }
        }
    }
    Ok(())
}

/// Writes the `.br` and `.gz` copies of one file, where they are smaller.
pub fn compress_file(path: &Path) -> std::io::Result<()> {
    let original = std::fs::read(path)?;
    for (extension, compressed) in [("br", brotli(&original)?), ("gz", gzip(&original)?)] {
        if compressed.len() < original.len() {
            let mut name = path.as_os_str().to_owned();
            name.push(".");
            name.push(extension);
            std::fs::write(name, compressed)?;
        }
    }
    Ok(())
}

fn is_compressible(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| COMPRESSIBLE.contains(&e))
}

fn brotli(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        // Quality 11 (the maximum) and a 4 MiB window (22 bits), as `brotli -q 11` uses.
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        writer.write_all(data)?;
        writer.flush()?;
    }
    Ok(out)
}

fn gzip(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(9));
    encoder.write_all(data)?;
    encoder.finish()
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;

    /// Text that compresses like a real bundle: repetitive, but not one byte.
    fn text(bytes: usize) -> Vec<u8> {
        (0..).flat_map(|i: u32| format!("line {i}: 日本語の本文 and English\n").into_bytes()).take(bytes).collect()
    }

    fn unbrotli(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        brotli::Decompressor::new(data, 4096).read_to_end(&mut out).unwrap();
        out
    }

    fn gunzip(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(data).read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn compressible_files_get_brotli_and_gzip_copies_that_decompress_to_the_original() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("posts/search")).unwrap();
        let files = ["app_bg.wasm", "index.html", "posts/a.md", "posts/search/terms-0.json", "feed.xml"];
        for (n, name) in files.iter().enumerate() {
            std::fs::write(root.join(name), text(2000 + n * 500)).unwrap();
        }
        assert_eq!(precompress(root).unwrap(), files.len());
        for name in files {
            let original = std::fs::read(root.join(name)).unwrap();
            let br = std::fs::read(root.join(format!("{name}.br"))).unwrap();
            let gz = std::fs::read(root.join(format!("{name}.gz"))).unwrap();
            assert!(br.len() < original.len() && gz.len() < original.len(), "{name}");
            assert_eq!(unbrotli(&br), original, "{name}.br");
            assert_eq!(gunzip(&gz), original, "{name}.gz");
        }
    }

    #[test]
    fn small_files_binary_types_and_compressed_copies_are_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("theme.js"), text(1000)).unwrap();
        std::fs::write(root.join("photo.png"), text(5000)).unwrap();
        std::fs::write(root.join("old.js.gz"), text(5000)).unwrap();
        std::fs::write(root.join("main.css"), text(5000)).unwrap();
        assert_eq!(precompress(root).unwrap(), 1);
        assert_eq!(precompress(root).unwrap(), 1, "a second run does not compress the copies");
        let mut names: Vec<String> =
            std::fs::read_dir(root).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        assert_eq!(names, ["main.css", "main.css.br", "main.css.gz", "old.js.gz", "photo.png", "theme.js"]);
    }

    #[test]
    fn incompressible_data_gets_no_copy_larger_than_itself() {
        let dir = tempfile::tempdir().unwrap();
        // A xorshift stream: no redundancy for either compressor to find.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let noise: Vec<u8> = (0..4096)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        std::fs::write(dir.path().join("random.json"), noise).unwrap();
        precompress(dir.path()).unwrap();
        assert!(!dir.path().join("random.json.gz").exists());
    }
}
