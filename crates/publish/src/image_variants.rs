//! Post images sized for every screen, and without what the camera wrote into them.
//!
//! Each raster image a post shows is published with copies at a few widths beside the
//! original, which stays as the fallback: AVIF, WebP where it is smaller than the
//! original's format (lossless, so for screenshots), and the original's own format.
//! The page offers them through `<picture>` / `srcset` ([`ImageSet::sources`]). An
//! opaque image also gets a tiny preview that the page shows, blurred, under the image
//! until it arrives (a transparent image would show it through, so it gets none).
//!
//! Encoding is slow on a small machine, so every result is kept in a cache folder
//! under the source's content hash: only a new or changed image is encoded again, in
//! any site on the machine. Images that would exhaust memory (decompression bombs,
//! huge dimensions) and files that do not decode are refused with a message.
//!
//! Every raster image the build publishes also loses its metadata ([`strip_metadata`]):
//! EXIF (the GPS position above all), XMP, IPTC and text chunks.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::codecs::avif::AvifEncoder;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader, Limits};

use crate::content_hash::fnv1a;

/// Widths of the copies, in pixels: a phone, a desktop column, the column at 2×.
pub const WIDTHS: [u32; 3] = [480, 960, 1344];
/// How wide a post image shows: the viewport on narrow screens, else the text column
/// (`--measure`, 42rem, in `main.css`).
pub const SIZES: &str = "(max-width: 44rem) 100vw, 42rem";
/// The build folder the copies are published in, under each image's own path
/// (`_img/images/x.png/960-<hash>.avif`): the offline reader finds the original of a
/// copy it does not hold by dropping the folder and the file name.
pub const FOLDER: &str = "_img";
/// The largest image accepted: 16,384 px a side and 50 megapixels (a 12,000 × 4,000
/// panorama decodes to 192 MB; beyond that it is a mistake or an attack).
const MAX_SIDE: u32 = 16_384;
const MAX_PIXELS: u64 = 50_000_000;
/// Raised when the encoding changes, so that copies made the old way are not reused.
const ENCODING: &str = "v1";
/// Width of the blurred preview; a dozen pixels is enough for a blur of shapes and colour.
const PREVIEW_WIDTH: u32 = 16;

/// What a post image is published as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageSet {
    /// Size after the camera's rotation is applied (what the page reserves).
    pub width: u32,
    pub height: u32,
    /// The `<source>` elements of its `<picture>`, best format first (empty when no
    /// copy is worth offering: a small image already in its best form).
    pub sources: String,
    /// A `data:` URI of the blurred preview (opaque images only).
    pub preview: Option<String>,
    /// The copies to publish: their path in the site, and the cached file.
    pub files: Vec<(String, PathBuf)>,
}

/// Where the encoded copies are kept between builds: `$FUMI_CACHE_DIR`, else the
/// user's cache folder (`$XDG_CACHE_HOME/fumi`, `~/.cache/fumi`), else beside the site.
pub fn cache_dir(site_root: &Path) -> PathBuf {
    let env = |name| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    let base = env("FUMI_CACHE_DIR")
        .or_else(|| env("XDG_CACHE_HOME").map(|d| d.join("fumi")))
        .or_else(|| env("HOME").map(|d| d.join(".cache/fumi")))
        .unwrap_or_else(|| site_root.join(".fumi-cache"));
    base.join("images")
}

/// Whether the build makes copies of a file of this name (vector and animated images
/// are left as they are).
pub fn is_raster(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".webp"].iter().any(|ext| lower.ends_with(ext))
}

/// The published set of the image at `url` (as written in the post, relative to the
/// site root), read from `file`. `Err` says why the image is refused.
pub fn prepare(url: &str, file: &Path, cache: &Path) -> Result<ImageSet, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("{url} cannot be read: {e}"))?;
    let hash = format!("{:016x}", fnv1a(&[ENCODING.as_bytes(), &bytes].concat()));
    let record = cache.join(format!("{hash}.json"));
    let cached = std::fs::read_to_string(&record).ok().and_then(|text| serde_json::from_str::<Record>(&text).ok());
    let record_value = match cached.filter(|r| r.copies.iter().all(|c| cache.join(c.file_name(&hash)).is_file())) {
        Some(record) => record,
        None => {
            let made = encode(url, &bytes, &hash, cache)?;
            // A cache that cannot be written costs only the next build's time.
            let _ = std::fs::write(&record, serde_json::to_string(&made).unwrap_or_default());
            made
        }
    };
    Ok(record_value.image_set(url, &hash, cache))
}

/// One encoded copy.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Copy {
    format: Format,
    width: u32,
}

impl Copy {
    fn file_name(&self, hash: &str) -> String {
        // The hash last, as in the build's other hashed names: the hosts' rules for
        // files that never change (`-<16 hex>.<ext>`) match it.
        format!("{}-{hash}.{}", self.width, self.format.extension())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
enum Format {
    Avif,
    Webp,
    Png,
    Jpeg,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Avif => "avif",
            Format::Webp => "webp",
            Format::Png => "png",
            Format::Jpeg => "jpg",
        }
    }

    fn mime(self) -> Option<&'static str> {
        match self {
            Format::Avif => Some("image/avif"),
            Format::Webp => Some("image/webp"),
            // The original's format is the last source, with no type: it always matches.
            Format::Png | Format::Jpeg => None,
        }
    }
}

/// What the cache keeps of one source image: its size, its preview and the copies
/// worth publishing.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Record {
    width: u32,
    height: u32,
    /// The original's own format, whose copies stand in for it at smaller widths.
    original: Format,
    preview: Option<String>,
    copies: Vec<Copy>,
}

impl Record {
    fn image_set(&self, url: &str, hash: &str, cache: &Path) -> ImageSet {
        let folder = format!("{FOLDER}/{}", url.trim_start_matches("./"));
        let mut files = Vec::new();
        let mut sources = String::new();
        // A comma or space would end a srcset candidate early: such an image keeps
        // its plain `<img>`.
        let listable = !url.contains([',', ' ']);
        for format in [Format::Avif, Format::Webp, self.original] {
            let mut candidates: Vec<String> = Vec::new();
            for copy in self.copies.iter().filter(|c| c.format == format) {
                let path = format!("{folder}/{}", copy.file_name(hash));
                candidates.push(format!("{path} {}w", copy.width));
                files.push((path, cache.join(copy.file_name(hash))));
            }
            if format == self.original
                && !candidates.is_empty()
                && !self.copies.iter().any(|c| c.format == format && c.width == self.width)
            {
                // The original itself, at its own width: the largest candidate.
                candidates.push(format!("{url} {}w", self.width));
            }
            if candidates.is_empty() || !listable {
                continue;
            }
            sources.push_str("<source");
            if let Some(mime) = format.mime() {
                sources.push_str(&format!(" type=\"{mime}\""));
            }
            sources.push_str(&format!(" srcset=\"{}\" sizes=\"{SIZES}\">", candidates.join(", ")));
        }
        if !listable {
            files.clear();
        }
        ImageSet { width: self.width, height: self.height, sources, preview: self.preview.clone(), files }
    }
}

/// The widths of the copies of an image `width` pixels wide: each of [`WIDTHS`]
/// below it, and its own width when that is below the largest.
fn widths_for(width: u32) -> Vec<u32> {
    let largest = WIDTHS[WIDTHS.len() - 1];
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < width).collect();
    if width <= largest {
        widths.push(width);
    }
    widths
}

/// Decodes the image, checks it, and encodes every copy into the cache.
fn encode(url: &str, bytes: &[u8], hash: &str, cache: &Path) -> Result<Record, String> {
    let refused = |why: String| format!("the image {url} is refused: {why}");
    let (image, original) = decode(bytes).map_err(refused)?;
    let (width, height) = (image.width(), image.height());
    std::fs::create_dir_all(cache).map_err(|e| format!("the image cache {} cannot be made: {e}", cache.display()))?;

    let widths = widths_for(width);
    let resized: Vec<(u32, DynamicImage)> = widths
        .iter()
        .map(|&w| {
            let h = scaled_height(width, height, w);
            (w, if w == width { image.clone() } else { image.resize_exact(w, h, FilterType::Lanczos3) })
        })
        .collect();
    // AVIF takes most of the time: its thread runs while the other formats encode.
    let (avif, others) = std::thread::scope(|scope| {
        let avif =
            scope.spawn(|| resized.iter().map(|(w, img)| (*w, encode_as(img, Format::Avif))).collect::<Vec<_>>());
        let mut others = Vec::new();
        for (w, img) in &resized {
            if original == Format::Png {
                others.push((Format::Webp, *w, encode_as(img, Format::Webp)));
            }
            // The original at its own width is published as it is (stripped).
            if *w != width {
                others.push((original, *w, encode_as(img, original)));
            }
        }
        (avif.join().unwrap_or_default(), others)
    });
    // What a reader gets at each width without a better format: the original's
    // format resized, or the original itself where resizing did not make it smaller
    // (a resized screenshot can compress worse than the crisp original).
    let fallback_bytes = |w: u32| -> usize {
        others
            .iter()
            .find(|(f, cw, _)| *f == original && *cw == w)
            .and_then(|(.., b)| b.as_ref().ok().map(Vec::len))
            .map_or(bytes.len(), |len| len.min(bytes.len()))
    };
    let mut copies = Vec::new();
    let mut keep = |format: Format, list: Vec<(u32, Vec<u8>)>| -> Result<(), String> {
        for (w, encoded) in list {
            let copy = Copy { format, width: w };
            std::fs::write(cache.join(copy.file_name(hash)), encoded)
                .map_err(|e| format!("the image cache {} cannot be written: {e}", cache.display()))?;
            copies.push(copy);
        }
        Ok(())
    };
    for (format, list) in [
        (Format::Avif, avif),
        (Format::Webp, others.iter().filter(|(f, ..)| *f == Format::Webp).map(|(_, w, b)| (*w, b.clone())).collect()),
    ] {
        // A better format is offered only when it is smaller at every width.
        let Some(list) = list.into_iter().map(|(w, b)| b.ok().map(|b| (w, b))).collect::<Option<Vec<_>>>() else {
            continue;
        };
        if !list.is_empty() && list.iter().all(|(w, b)| b.len() < fallback_bytes(*w)) {
            keep(format, list)?;
        }
    }
    let resized_originals = others
        .into_iter()
        .filter(|(f, ..)| *f == original)
        .filter_map(|(_, w, b)| b.ok().filter(|b| b.len() < bytes.len()).map(|b| (w, b)))
        .collect();
    keep(original, resized_originals)?;
    Ok(Record { width, height, original, preview: preview(&image), copies })
}

/// Decodes with limits, refusing what would exhaust memory, and turns the image as
/// the camera said (the published copies carry no orientation tag).
fn decode(bytes: &[u8]) -> Result<(DynamicImage, Format), String> {
    let reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| e.to_string())?;
    let format = match reader.format() {
        Some(ImageFormat::Png) => Format::Png,
        Some(ImageFormat::Jpeg) => Format::Jpeg,
        Some(ImageFormat::WebP) => Format::Webp,
        _ => return Err("it is not a PNG, JPEG or WebP file".into()),
    };
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let (w, h) = decoder.dimensions();
    if w > MAX_SIDE || h > MAX_SIDE || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "{w} × {h} pixels is over the limit ({MAX_SIDE} px a side, {} megapixels); scale it down",
            MAX_PIXELS / 1_000_000
        ));
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4 * 2);
    decoder.set_limits(limits).map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| format!("it does not decode ({e})"))?;
    image.apply_orientation(orientation);
    Ok((image, format))
}

fn scaled_height(width: u32, height: u32, to: u32) -> u32 {
    ((u64::from(height) * u64::from(to) + u64::from(width) / 2) / u64::from(width)).max(1) as u32
}

fn encode_as(image: &DynamicImage, format: Format) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let result = match format {
        // Speed 7 of 10: a 1344 px screenshot in about a second on one core; quality 72
        // keeps text in screenshots sharp.
        Format::Avif => {
            let rgba = image.to_rgba8();
            AvifEncoder::new_with_speed_quality(&mut out, 7, 72).write_image(
                &rgba,
                rgba.width(),
                rgba.height(),
                image::ExtendedColorType::Rgba8,
            )
        }
        Format::Webp => {
            let rgba = image.to_rgba8();
            WebPEncoder::new_lossless(&mut out).write_image(
                &rgba,
                rgba.width(),
                rgba.height(),
                image::ExtendedColorType::Rgba8,
            )
        }
        Format::Png => {
            let encoder = PngEncoder::new_with_quality(&mut out, CompressionType::Best, PngFilter::Adaptive);
            image.write_with_encoder(encoder)
        }
        Format::Jpeg => {
            let rgb = image.to_rgb8();
            JpegEncoder::new_with_quality(&mut out, 82).write_image(
                &rgb,
                rgb.width(),
                rgb.height(),
                image::ExtendedColorType::Rgb8,
            )
        }
    };
    result.map(|()| out).map_err(|e| e.to_string())
}

/// The blurred preview of an opaque image: a few pixels wide, as the smaller of PNG
/// and WebP, in a `data:` URI.
fn preview(image: &DynamicImage) -> Option<String> {
    if image.color().has_alpha() && image.to_rgba8().pixels().any(|p| p.0[3] < 255) {
        return None;
    }
    let (w, h) = (
        PREVIEW_WIDTH.min(image.width()),
        scaled_height(image.width(), image.height(), PREVIEW_WIDTH.min(image.width())),
    );
    let small = DynamicImage::ImageRgb8(image.resize_exact(w, h.min(64), FilterType::Triangle).to_rgb8());
    let mut best: Option<(&str, Vec<u8>)> = None;
    for (mime, format) in [("image/png", Format::Png), ("image/webp", Format::Webp)] {
        if let Ok(bytes) = encode_as(&small, format) {
            if best.as_ref().is_none_or(|(_, b)| bytes.len() < b.len()) {
                best = Some((mime, bytes));
            }
        }
    }
    use base64::Engine;
    best.map(|(mime, bytes)| format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes)))
}

/// Removes metadata from a published image file in place, without re-encoding: JPEG
/// APP1 (EXIF, XMP) and APP13 (IPTC) segments and comments; PNG `eXIf`, text and time
/// chunks; WebP `EXIF` and `XMP ` chunks. An image the camera stored turned (an
/// orientation other than upright) is decoded, turned and encoded again, since the
/// tag that turned it goes with the rest. Returns whether the file changed.
pub fn strip_metadata(path: &Path) -> Result<bool, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let Some(stripped) = stripped(&bytes)? else {
        return Ok(false);
    };
    std::fs::write(path, stripped).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(true)
}

/// The image without its metadata, or `None` when it has none.
fn stripped(bytes: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let turned = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()
        .and_then(|r| r.into_decoder().ok())
        .and_then(|mut d| d.orientation().ok())
        .is_some_and(|o| o != image::metadata::Orientation::NoTransforms);
    if turned {
        let (image, format) = decode(bytes)?;
        return encode_as(&image, format).map(Some);
    }
    Ok(if bytes.starts_with(&[0xFF, 0xD8]) {
        strip_jpeg(bytes)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        strip_png(bytes)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        strip_webp(bytes)
    } else {
        None
    })
}

/// `bytes` without the parts that `dropped` names, or `None` when none is. The first
/// `header` bytes are kept; from each offset, `part_end` gives the end of the part that
/// starts there, or `None` where parts end (the rest is kept as it is).
fn without_parts(
    bytes: &[u8],
    header: usize,
    part_end: impl Fn(usize) -> Option<usize>,
    dropped: impl Fn(&[u8]) -> bool,
) -> Option<Vec<u8>> {
    let mut out = bytes[..header].to_vec();
    let mut at = header;
    let mut any = false;
    while let Some(end) = part_end(at) {
        let end = end.min(bytes.len());
        if dropped(&bytes[at..end]) {
            any = true;
        } else {
            out.extend_from_slice(&bytes[at..end]);
        }
        at = end;
    }
    out.extend_from_slice(&bytes[at.min(bytes.len())..]);
    any.then_some(out)
}

/// JPEG segments up to the start of scan (the compressed image, kept as it is): APP1
/// (EXIF, XMP), APP13 (IPTC) and comments go.
fn strip_jpeg(bytes: &[u8]) -> Option<Vec<u8>> {
    let part_end = |at: usize| {
        let marker = *bytes.get(at + 1)?;
        (at + 4 <= bytes.len() && bytes[at] == 0xFF && marker != 0xDA)
            .then(|| at + 2 + usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]])))
    };
    without_parts(bytes, 2, part_end, |segment| matches!(segment[1], 0xE1 | 0xED | 0xFE))
}

/// PNG chunks (length, type, data, CRC): `eXIf`, text and time go.
fn strip_png(bytes: &[u8]) -> Option<Vec<u8>> {
    let part_end = |at: usize| {
        let length = u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize;
        (at + 12 <= bytes.len()).then_some(at + 12 + length)
    };
    without_parts(bytes, 8, part_end, |chunk| matches!(&chunk[4..8], b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME"))
}

/// WebP (RIFF) chunks: `EXIF` and `XMP ` go, and the VP8X flags and RIFF size follow.
fn strip_webp(bytes: &[u8]) -> Option<Vec<u8>> {
    let part_end = |at: usize| {
        let length = u32::from_le_bytes(bytes.get(at + 4..at + 8)?.try_into().ok()?) as usize;
        Some(at + 8 + length + (length & 1))
    };
    let mut out = without_parts(bytes, 12, part_end, |chunk| matches!(&chunk[..4], b"EXIF" | b"XMP "))?;
    if out.get(12..16) == Some(b"VP8X".as_slice()) && out.len() > 20 {
        out[20] &= !0b0000_1100; // the EXIF and XMP flags
    }
    let size = u32::try_from(out.len() - 8).ok()?;
    out[4..8].copy_from_slice(&size.to_le_bytes());
    Some(out)
}

/// Strips every raster image under `dir` ([`strip_metadata`]); returns how many changed.
/// The copies and preview cards the tool encoded itself carry nothing to strip.
pub fn strip_all(dir: &Path) -> Result<usize, String> {
    let own = [dir.join(FOLDER), dir.join(fumi_content::layout::PREVIEWS_DIR)];
    let mut changed = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        if own.contains(&folder) {
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.to_str().is_some_and(is_raster) && strip_metadata(&path)? {
                changed += 1;
            }
        }
    }
    Ok(changed)
}

#[cfg(test)]
mod tests;
