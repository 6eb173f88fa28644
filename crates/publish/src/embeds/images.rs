//! Card images, thumbnails and site icons, made fit to ship: only a real PNG, JPEG,
//! GIF or WebP (ICO too for icons) of sane dimensions is taken, downsized (a card
//! shows it at most 640 px wide; icons at 32 px) and encoded anew — JPEG, or lossless
//! WebP when it has transparency; icons as PNG — which also leaves any EXIF metadata
//! (a camera's location, say) behind. Stored under the name of their content's hash,
//! so the same image is one file however many cards show it.

use std::io::Cursor;
use std::path::Path;

use image::{DynamicImage, ImageFormat};

/// Widest card image stored.
pub const MAX_WIDTH: u32 = 640;
/// Tallest card image stored (a very tall image is cut down to this height's worth).
pub const MAX_HEIGHT: u32 = 1280;
/// Side of a stored icon.
pub const ICON_SIDE: u32 = 32;
/// Larger dimensions are refused before decoding (a decompression bomb is small on
/// the wire).
const MAX_SIDE: u32 = 12_000;
const MAX_PIXELS: u64 = 40_000_000;

/// A stored image: its file name in the cache folder and its `[width, height]`.
#[derive(Debug, PartialEq, Eq)]
pub struct Stored {
    pub file: String,
    pub size: [u32; 2],
}

/// Checks, downsizes and re-encodes a card image, and stores it in `folder`.
pub fn store_picture(bytes: &[u8], folder: &Path) -> Result<Stored, String> {
    let format = raster_format(bytes, false)?;
    let image = decode(bytes, format)?;
    let image = if image.width() > MAX_WIDTH || image.height() > MAX_HEIGHT {
        image.resize(MAX_WIDTH, MAX_HEIGHT, image::imageops::FilterType::Triangle)
    } else {
        image
    };
    let (encoded, extension) = if has_transparency(&image) {
        let mut out = Vec::new();
        image
            .to_rgba8()
            .write_with_encoder(image::codecs::webp::WebPEncoder::new_lossless(&mut out))
            .map_err(|e| format!("encoding: {e}"))?;
        (out, "webp")
    } else {
        let mut out = Vec::new();
        image
            .to_rgb8()
            .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82))
            .map_err(|e| format!("encoding: {e}"))?;
        (out, "jpg")
    };
    save(&encoded, extension, [image.width(), image.height()], folder)
}

/// Checks, downsizes and stores a site icon as a 32×32 PNG.
pub fn store_icon(bytes: &[u8], folder: &Path) -> Result<Stored, String> {
    let format = raster_format(bytes, true)?;
    let image = decode(bytes, format)?.resize_exact(ICON_SIDE, ICON_SIDE, image::imageops::FilterType::Triangle);
    let mut out = Vec::new();
    image
        .to_rgba8()
        .write_with_encoder(image::codecs::png::PngEncoder::new(&mut out))
        .map_err(|e| format!("encoding: {e}"))?;
    save(&out, "png", [ICON_SIDE, ICON_SIDE], folder)
}

/// The format of an image fumi takes, after checking its dimensions from its header.
/// SVG is never taken (it may carry script).
fn raster_format(bytes: &[u8], icon: bool) -> Result<ImageFormat, String> {
    use imagesize::ImageType;
    let kind = imagesize::image_type(bytes).map_err(|_| "not an image".to_owned())?;
    let format = match kind {
        ImageType::Png => ImageFormat::Png,
        ImageType::Jpeg => ImageFormat::Jpeg,
        ImageType::Gif => ImageFormat::Gif,
        ImageType::Webp => ImageFormat::WebP,
        ImageType::Ico if icon => ImageFormat::Ico,
        other => return Err(format!("{other:?} images are not taken")),
    };
    let size = imagesize::blob_size(bytes).map_err(|e| format!("unreadable image: {e:?}"))?;
    let (width, height) = (size.width as u64, size.height as u64);
    if width == 0 || height == 0 || width.max(height) > MAX_SIDE as u64 || width * height > MAX_PIXELS {
        return Err(format!("{width}×{height} pixels is not an image size fumi takes"));
    }
    Ok(format)
}

fn decode(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, String> {
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4 * 2);
    reader.limits(limits);
    reader.decode().map_err(|e| format!("unreadable image: {e}"))
}

fn has_transparency(image: &DynamicImage) -> bool {
    image.color().has_alpha() && image.to_rgba8().pixels().any(|p| p.0[3] < 255)
}

/// Writes `bytes` as `<hash>.<extension>` into `folder` (once).
fn save(bytes: &[u8], extension: &str, size: [u32; 2], folder: &Path) -> Result<Stored, String> {
    let file = format!("{:016x}.{extension}", crate::content_hash::fnv1a(bytes));
    let path = folder.join(&file);
    if !path.exists() {
        std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(Stored { file, size })
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// A `width`×`height` image in `format`, filled with one colour (`alpha` < 255
    /// makes it translucent, where the format can say so).
    pub fn sample(width: u32, height: u32, format: ImageFormat, alpha: u8) -> Vec<u8> {
        let image = image::RgbaImage::from_pixel(width, height, image::Rgba([200, 30, 30, alpha]));
        let image = if alpha == 255 || format == ImageFormat::Jpeg {
            DynamicImage::ImageRgb8(DynamicImage::ImageRgba8(image).to_rgb8())
        } else {
            DynamicImage::ImageRgba8(image)
        };
        let mut out = Cursor::new(Vec::new());
        image.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    #[test]
    fn large_pictures_are_downsized_to_jpeg() {
        let folder = tempfile::tempdir().unwrap();
        let stored = store_picture(&sample(1280, 720, ImageFormat::Png, 255), folder.path()).unwrap();
        assert_eq!(stored.size, [640, 360]);
        assert!(stored.file.ends_with(".jpg"), "{}", stored.file);
        let written = std::fs::read(folder.path().join(&stored.file)).unwrap();
        assert_eq!(image::guess_format(&written).unwrap(), ImageFormat::Jpeg);
        let again = store_picture(&sample(1280, 720, ImageFormat::Png, 255), folder.path()).unwrap();
        assert_eq!(again, stored, "the same image is the same file");
    }

    #[test]
    fn transparent_pictures_stay_transparent_as_webp() {
        let folder = tempfile::tempdir().unwrap();
        let stored = store_picture(&sample(100, 50, ImageFormat::Png, 100), folder.path()).unwrap();
        assert_eq!(stored.size, [100, 50], "small images keep their size");
        assert!(stored.file.ends_with(".webp"), "{}", stored.file);
    }

    #[test]
    fn exif_metadata_is_not_carried_over() {
        let mut jpeg = sample(64, 64, ImageFormat::Jpeg, 255);
        // An APP1 Exif segment right after the start-of-image marker.
        let exif = b"Exif\0\0secret-location";
        let mut segment = vec![0xFF, 0xE1];
        segment.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
        segment.extend_from_slice(exif);
        jpeg.splice(2..2, segment);
        let folder = tempfile::tempdir().unwrap();
        let stored = store_picture(&jpeg, folder.path()).unwrap();
        let written = std::fs::read(folder.path().join(stored.file)).unwrap();
        assert!(!written.windows(15).any(|w| w == b"secret-location"));
    }

    #[test]
    fn what_is_no_raster_image_or_absurdly_large_is_refused() {
        let folder = tempfile::tempdir().unwrap();
        assert!(store_picture(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>", folder.path()).is_err());
        assert!(store_picture(b"<html>login</html>", folder.path()).is_err());
        let mut huge = sample(2, 1, ImageFormat::Png, 255);
        huge[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        assert!(store_picture(&huge, folder.path()).unwrap_err().contains("100000×1"));
        assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 0);
    }

    #[test]
    fn icons_become_small_pngs() {
        let folder = tempfile::tempdir().unwrap();
        let stored = store_icon(&sample(180, 180, ImageFormat::Png, 255), folder.path()).unwrap();
        assert_eq!(stored.size, [32, 32]);
        assert!(stored.file.ends_with(".png"));
    }
}
