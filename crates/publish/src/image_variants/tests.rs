use std::io::Cursor;

use image::{ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};

use super::*;

/// A screenshot-like picture: flat panels and a few lines of "text".
fn screenshot(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let panel = if x < width / 4 { Rgb([38, 42, 52]) } else { Rgb([250, 250, 248]) };
        let text = (y / 6) % 4 == 1 && x % 9 < 6 && x > width / 4 + 20 && (x / 40) % 5 != 4;
        if text {
            Rgb([30, 30, 30])
        } else {
            panel
        }
    })
}

/// A photo-like picture: smooth light and shade with grain, which lossy formats
/// compress far better than PNG.
fn photo(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let grain = ((x.wrapping_mul(73_856_093) ^ y.wrapping_mul(19_349_663)) % 17) as f32;
        let light = 120.0 + 60.0 * ((x as f32) / 90.0).sin() * ((y as f32) / 70.0).cos() + grain;
        Rgb([light as u8, (light * 0.8) as u8, (200.0 - light * 0.5) as u8])
    })
}

/// CRC-32 of a PNG chunk's type and data (a header edited by a test must stay valid).
fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!0u32, |crc, &b| {
        (0..8).fold(crc ^ u32::from(b), |c, _| if c & 1 == 1 { (c >> 1) ^ 0xEDB8_8320 } else { c >> 1 })
    })
}

fn png(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    image.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

fn jpeg(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(image, image.width(), image.height(), image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// An EXIF APP1 segment with an orientation tag and a GPS latitude, as a phone writes.
fn exif_segment(orientation: u16) -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    // IFD0: orientation, and the pointer to the GPS IFD.
    tiff.extend_from_slice(&2u16.to_be_bytes());
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1]);
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]);
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    // GPS IFD: GPSLatitudeRef = "N".
    tiff.extend_from_slice(&1u16.to_be_bytes());
    tiff.extend_from_slice(&[0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    let mut segment = vec![0xFF, 0xE1];
    segment.extend_from_slice(&u16::try_from(tiff.len() + 8).unwrap().to_be_bytes());
    segment.extend_from_slice(b"Exif\0\0");
    segment.extend_from_slice(&tiff);
    segment
}

fn with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    [&jpeg[..2], &exif_segment(orientation), &jpeg[2..]].concat()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_wide_picture_gets_smaller_copies_in_better_formats_and_a_preview() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let original = png(&photo(1600, 900));
    let file = write(dir.path(), "images/shot.png", &original);
    let set = prepare("images/shot.png", &file, &cache).unwrap();
    assert_eq!((set.width, set.height), (1600, 900));
    // AVIF first, then lossless WebP, then the PNG copies (no type: always matches).
    let avif = set.sources.find("type=\"image/avif\"").expect("an AVIF source");
    let last = set.sources.rfind("<source srcset=").expect("a source in the original's format");
    assert!(avif < last, "{}", set.sources);
    for width in WIDTHS {
        assert!(set.sources.contains(&format!("/{width}-")), "{}", set.sources);
        assert!(set.sources.contains(&format!(".avif {width}w")), "{}", set.sources);
    }
    assert!(set.sources.contains(&format!("sizes=\"{SIZES}\"")));
    assert!(set.sources.contains("_img/images/shot.png/"), "copies sit under the image's own path");
    for (path, cached) in &set.files {
        let bytes = std::fs::read(cached).unwrap();
        assert!(bytes.len() < original.len(), "{path} ({} B) is smaller than the original", bytes.len());
    }
    let avif_1344 = set.files.iter().find(|(p, _)| p.contains("/1344-") && p.ends_with(".avif")).unwrap();
    // Named like the build's other hashed files, which hosts cache for good.
    assert!(set.files.iter().all(|(p, _)| crate::hosting::is_hashed(p.rsplit('/').next().unwrap())), "{:?}", set.files);
    let decoded = image::open(&avif_1344.1);
    // The build cannot decode AVIF (no dav1d); the header says its size.
    let size = imagesize::size(&avif_1344.1).unwrap();
    assert_eq!((size.width, size.height), (1344, 756), "{decoded:?}");
    let preview = set.preview.expect("an opaque image has a preview");
    assert!(preview.starts_with("data:image/"), "{preview}");
    assert!(preview.len() < 600, "the preview is tiny: {} B", preview.len());
}

#[test]
fn a_format_is_offered_only_where_it_is_smaller() {
    // Flat panels and hard-edged text: lossless formats win, AVIF would be larger.
    let dir = tempfile::tempdir().unwrap();
    let original = png(&screenshot(1600, 900));
    let file = write(dir.path(), "images/flat.png", &original);
    let set = prepare("images/flat.png", &file, &dir.path().join("cache")).unwrap();
    assert!(!set.sources.contains("image/avif"), "{}", set.sources);
    assert!(set.sources.contains(".png 960w"), "PNG, compressed harder, stays: {}", set.sources);
    for (path, cached) in &set.files {
        assert!(std::fs::metadata(cached).unwrap().len() < original.len() as u64, "{path}");
    }
}

#[test]
fn copies_come_from_the_cache_until_the_image_changes() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let file = write(dir.path(), "images/a.png", &png(&screenshot(700, 400)));
    let first = prepare("images/a.png", &file, &cache).unwrap();
    let stamp = |set: &ImageSet| -> Vec<std::time::SystemTime> {
        set.files.iter().map(|(_, f)| std::fs::metadata(f).unwrap().modified().unwrap()).collect()
    };
    let again = prepare("images/a.png", &file, &cache).unwrap();
    assert_eq!(first, again);
    assert_eq!(stamp(&first), stamp(&again), "nothing encoded again");
    // A new picture under the same name: new copies, under new names.
    std::fs::write(&file, png(&screenshot(720, 400))).unwrap();
    let changed = prepare("images/a.png", &file, &cache).unwrap();
    assert_eq!(changed.width, 720);
    assert!(changed.files.iter().all(|(p, _)| !first.files.iter().any(|(q, _)| q == p)));
}

#[test]
fn a_small_image_is_offered_at_its_own_width_with_the_original_last() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "images/s.png", &png(&photo(400, 200)));
    let set = prepare("images/s.png", &file, &dir.path().join("cache")).unwrap();
    assert!(set.sources.contains("/400-") && set.sources.contains(".avif 400w"), "{}", set.sources);
    assert!(!set.sources.contains("480w"), "never wider than the original: {}", set.sources);
    assert!(set.files.iter().all(|(p, _)| !p.ends_with(".png")), "no PNG copy of a PNG at its own width");
}

#[test]
fn a_transparent_image_gets_no_preview() {
    let dir = tempfile::tempdir().unwrap();
    let image =
        RgbaImage::from_fn(600, 300, |x, _| if x < 300 { Rgba([0, 0, 0, 0]) } else { Rgba([200, 40, 40, 255]) });
    let mut bytes = Vec::new();
    image.write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png).unwrap();
    let file = write(dir.path(), "images/t.png", &bytes);
    let set = prepare("images/t.png", &file, &dir.path().join("cache")).unwrap();
    assert_eq!(set.preview, None);
}

#[test]
fn a_photo_turned_by_its_camera_is_published_upright_without_exif() {
    let dir = tempfile::tempdir().unwrap();
    // Stored 800 × 500, tagged "rotate 90° clockwise" (orientation 6).
    let photo = with_exif(&jpeg(&screenshot(800, 500)), 6);
    let file = write(dir.path(), "images/photo.jpg", &photo);
    let set = prepare("images/photo.jpg", &file, &dir.path().join("cache")).unwrap();
    assert_eq!((set.width, set.height), (500, 800), "the size shown is the turned one");
    assert!(strip_metadata(&file).unwrap());
    let published = std::fs::read(&file).unwrap();
    assert!(!published.windows(6).any(|w| w == b"Exif\0\0"), "EXIF removed");
    assert_eq!(image::load_from_memory(&published).unwrap().width(), 500, "pixels turned upright");
}

#[test]
fn exif_and_gps_are_stripped_without_touching_the_pixels() {
    let dir = tempfile::tempdir().unwrap();
    let clean = jpeg(&screenshot(320, 200));
    let file = write(dir.path(), "images/p.jpg", &with_exif(&clean, 1));
    assert!(strip_metadata(&file).unwrap());
    assert_eq!(std::fs::read(&file).unwrap(), clean, "only the EXIF segment went");
    assert!(!strip_metadata(&file).unwrap(), "nothing left to strip");

    // PNG: eXIf and text chunks go, the image stays.
    let plain = png(&screenshot(64, 32));
    let chunk = |kind: &[u8], data: &[u8]| -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&[0, 0, 0, 0]); // CRC: dropped chunks are never checked
        c
    };
    let tagged =
        [&plain[..33], &chunk(b"eXIf", &exif_segment(1)[10..]), &chunk(b"tEXt", b"GPS\x0035.6N"), &plain[33..]]
            .concat();
    let png_file = write(dir.path(), "images/p.png", &tagged);
    assert!(strip_metadata(&png_file).unwrap());
    assert_eq!(std::fs::read(&png_file).unwrap(), plain);
}

#[test]
fn bombs_huge_and_truncated_images_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    // A PNG header claiming 100,000 × 100,000 pixels (40 GB decoded) and a few bytes.
    let mut bomb = png(&screenshot(16, 16));
    bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let crc = crc32(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    let file = write(dir.path(), "images/bomb.png", &bomb);
    let error = prepare("images/bomb.png", &file, &cache).unwrap_err();
    assert!(error.contains("images/bomb.png") && error.contains("100000 × 100000"), "{error}");

    let wide = write(dir.path(), "images/wide.png", &png(&RgbImage::new(20_000, 2)));
    let error = prepare("images/wide.png", &wide, &cache).unwrap_err();
    assert!(error.contains("over the limit"), "{error}");

    let whole = png(&screenshot(900, 600));
    let truncated = write(dir.path(), "images/cut.png", &whole[..whole.len() / 2]);
    let error = prepare("images/cut.png", &truncated, &cache).unwrap_err();
    assert!(error.contains("images/cut.png") && error.contains("does not decode"), "{error}");

    let text = write(dir.path(), "images/not.png", b"<html>not an image</html>");
    assert!(prepare("images/not.png", &text, &cache).is_err());
}

#[test]
fn webp_exif_goes_and_its_flags_and_size_follow() {
    let mut plain = Vec::new();
    DynamicImage::ImageRgb8(screenshot(40, 20))
        .write_to(&mut Cursor::new(&mut plain), image::ImageFormat::WebP)
        .unwrap();
    let image_chunk = &plain[12..]; // the VP8L chunk
                                    // The extended form a camera app writes: VP8X (EXIF flag set), the image, EXIF.
    let mut vp8x = b"VP8X\x0a\0\0\0".to_vec();
    vp8x.extend_from_slice(&[0x08, 0, 0, 0, 39, 0, 0, 19, 0, 0]);
    let exif = [b"EXIF".as_slice(), &12u32.to_le_bytes(), b"Exif\0\0GPS\0\0\0"].concat();
    let body = [b"WEBP".as_slice(), &vp8x, image_chunk, &exif].concat();
    let tagged = [b"RIFF".as_slice(), &(body.len() as u32).to_le_bytes(), &body].concat();
    assert_eq!(image::load_from_memory(&tagged).unwrap().width(), 40, "a valid WebP to start from");

    let stripped = stripped(&tagged).unwrap().expect("the EXIF chunk goes");
    assert!(!stripped.windows(4).any(|w| w == b"EXIF" || w == b"GPS\0"), "no EXIF left");
    assert_eq!(stripped[20] & 0x08, 0, "the VP8X flag no longer promises EXIF");
    assert_eq!(u32::from_le_bytes(stripped[4..8].try_into().unwrap()) as usize, stripped.len() - 8);
    assert_eq!(image::load_from_memory(&stripped).unwrap().width(), 40, "still the same picture");
}
