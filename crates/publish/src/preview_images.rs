//! Link-preview images: a 1200×630 PNG per post (site name, title, date, tags) that
//! social sites and chat apps show when the post is shared (`og:image`).
//!
//! Drawn with a Japanese-capable font: `preview_font` in `fumi.toml`, else Debian's
//! Noto Sans CJK. Without a usable font the build warns and the posts have no image.
//! Each file is named by a hash of everything drawn on it, so an image that is
//! already in the build is never drawn again (the dev server publishes on every
//! save) and hosts may cache it for good.

use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex};

use ab_glyph::{point, Font as _, FontVec, GlyphId, PxScale, ScaleFont};
use fumi_content::layout::{PREVIEWS_DIR, PREVIEW_SIZE};
use fumi_content::Problem;
use image::{Rgb, RgbImage};

use crate::config::{PreviewFont, CONFIG_FILE};
use crate::phrases::phrases;

/// Bold Noto Sans CJK as Debian's `fonts-noto-cjk` installs it (the scripts do).
pub const DEFAULT_FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";

/// Part of every file name's hash: a change to the design draws every image again.
const DESIGN: &str = "fumi preview 1";

const WIDTH: u32 = PREVIEW_SIZE.0;
const HEIGHT: u32 = PREVIEW_SIZE.1;
/// Text runs from here to `WIDTH - RIGHT`.
const LEFT: f32 = 96.0;
const RIGHT: f32 = 80.0;
const TEXT_WIDTH: f32 = WIDTH as f32 - LEFT - RIGHT;
/// The title's band, between the site name and the footer rule.
const TITLE_TOP: f32 = 140.0;
const TITLE_BOTTOM: f32 = 478.0;
const RULE_Y: u32 = 504;
const FOOTER_TOP: f32 = 534.0;
/// Title sizes tried in turn, largest first, until the title fits [`MAX_LINES`].
const TITLE_SIZES: [f32; 5] = [76.0, 68.0, 60.0, 54.0, 48.0];
const MAX_LINES: usize = 3;

// The site's light theme (public/styles/main.css).
const BACKGROUND: Rgb<u8> = Rgb([0xfb, 0xfa, 0xf7]);
const TEXT: Rgb<u8> = Rgb([0x1f, 0x23, 0x28]);
const MUTED: Rgb<u8> = Rgb([0x57, 0x60, 0x6a]);
const BORDER: Rgb<u8> = Rgb([0xd8, 0xde, 0xe4]);
const ACCENT: Rgb<u8> = Rgb([0x1f, 0x5f, 0x99]);
const ACCENT_SOFT: Rgb<u8> = Rgb([0xe4, 0xee, 0xf8]);

/// The font the images are drawn with, and what identifies it in file names.
#[derive(Clone)]
pub struct Typeface {
    font: Arc<FontVec>,
    identity: String,
}

impl fmt::Debug for Typeface {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Typeface").field("identity", &self.identity).finish()
    }
}

impl Typeface {
    /// The configured font (a path relative to `root`; `#N` picks face N of a
    /// collection), else [`DEFAULT_FONT`]. A font that cannot be used is a warning
    /// at the `preview_font` line.
    pub fn load(root: &Path, configured: Option<&PreviewFont>) -> Result<Typeface, Problem> {
        let warning = |message: String| Problem {
            file: CONFIG_FILE.into(),
            line: configured.map_or(1, |c| c.line),
            field: Some("preview_font".into()),
            message: format!("{message}; posts are published without link-preview images"),
        };
        let (shown, path, face) = match configured {
            Some(c) => {
                let (path, face) = match c.path.rsplit_once('#') {
                    Some((path, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                        (path, n.parse::<u32>().ok())
                    }
                    _ => (c.path.as_str(), None),
                };
                (c.path.clone(), root.join(path), face)
            }
            None => (DEFAULT_FONT.to_owned(), DEFAULT_FONT.into(), None),
        };
        // The dev server publishes on every save: a font is read once, and again only
        // when its file changes.
        static LOADED: Mutex<Option<(String, Typeface)>> = Mutex::new(None);
        let stamp = std::fs::metadata(&path)
            .ok()
            .map(|m| format!("{shown}|{}|{}|{:?}", path.display(), m.len(), m.modified().ok()));
        if let (Some(stamp), Ok(loaded)) = (&stamp, LOADED.lock()) {
            if let Some((_, typeface)) = loaded.as_ref().filter(|(key, _)| key == stamp) {
                return Ok(typeface.clone());
            }
        }
        let data = std::fs::read(&path).map_err(|e| {
            warning(match configured {
                Some(_) => format!("cannot read `{shown}`: {e}"),
                None => format!(
                    "no font for link-preview images: {DEFAULT_FONT} is missing (install Debian's \
                     fonts-noto-cjk, or set preview_font = \"path/to/font.otf\" in {CONFIG_FILE})"
                ),
            })
        })?;
        let face = face.unwrap_or_else(|| japanese_face(&data));
        let identity = format!("{shown}#{face}:{}", data.len());
        let font = FontVec::try_from_vec_and_index(data, face).map_err(|_| {
            warning(format!("`{shown}` is not a TrueType or OpenType font (.ttf, .otf, .ttc) with a face {face}"))
        })?;
        if font.glyph_id('A') == GlyphId(0) {
            return Err(warning(format!("`{shown}` has no glyphs for text")));
        }
        let typeface = Typeface { font: Arc::new(font), identity };
        if let (Some(stamp), Ok(mut loaded)) = (stamp, LOADED.lock()) {
            *loaded = Some((stamp, typeface.clone()));
        }
        Ok(typeface)
    }
}

/// The face of a font collection named for Japanese (Noto Sans CJK JP among its
/// Korean and Chinese twins, whose kanji are drawn differently); else the first.
fn japanese_face(data: &[u8]) -> u32 {
    let faces = ttf_parser::fonts_in_collection(data).unwrap_or(1);
    (0..faces)
        .find(|&i| {
            ttf_parser::Face::parse(data, i).is_ok_and(|face| {
                face.names().into_iter().any(|name| {
                    matches!(name.name_id, ttf_parser::name_id::FAMILY | ttf_parser::name_id::TYPOGRAPHIC_FAMILY)
                        && name.to_string().is_some_and(|n| n.split(' ').any(|w| w == "JP" || w == "Japanese"))
                })
            })
        })
        .unwrap_or(0)
}

/// What one image shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    pub site: String,
    pub title: String,
    /// As the post's readers write dates.
    pub date: String,
    pub tags: Vec<String>,
}

impl Card {
    /// The image's name in [`PREVIEWS_DIR`]: the slug, then a hash of the card, the
    /// font and the design (`<slug>-<16 hex>.png`, a name the hosting rules treat as
    /// hashed).
    pub fn file_name(&self, slug: &str, typeface: &Typeface) -> String {
        let mut key = format!("{DESIGN}\0{}\0{}\0{}\0{}", typeface.identity, self.site, self.title, self.date);
        for tag in &self.tags {
            key.push('\0');
            key.push_str(tag);
        }
        format!("{slug}-{:016x}.png", crate::content_hash::fnv1a(key.as_bytes()))
    }

    /// The card drawn, as PNG.
    pub fn png(&self, typeface: &Typeface) -> Vec<u8> {
        let image = self.draw(typeface);
        let mut png = Vec::new();
        let encoder = image::codecs::png::PngEncoder::new_with_quality(
            &mut png,
            image::codecs::png::CompressionType::Default,
            image::codecs::png::FilterType::Adaptive,
        );
        image.write_with_encoder(encoder).expect("a PNG encodes into memory");
        png
    }

    fn draw(&self, typeface: &Typeface) -> RgbImage {
        let font = &*typeface.font;
        // From whole rows rather than pixel by pixel: the dev server's tool is unoptimised.
        let background = BACKGROUND.0.repeat((WIDTH * HEIGHT) as usize);
        let mut image = RgbImage::from_raw(WIDTH, HEIGHT, background).expect("the buffer is the image's size");
        fill_rect(&mut image, 0, 0, 16, HEIGHT, ACCENT);

        draw_line(&mut image, font, 38.0, LEFT, 62.0, &fit(font, 38.0, &self.site, TEXT_WIDTH), ACCENT);

        let title = layout_title(font, &self.title, TEXT_WIDTH);
        let line_height = title.size * 1.3;
        let block = line_height * title.lines.len() as f32;
        let mut top = TITLE_TOP + ((TITLE_BOTTOM - TITLE_TOP - block) / 2.0).max(0.0);
        for line in &title.lines {
            draw_line(&mut image, font, title.size, LEFT, top + (line_height - title.size) / 2.0, line, TEXT);
            top += line_height;
        }

        fill_rect(&mut image, LEFT as u32, RULE_Y, WIDTH - RIGHT as u32, RULE_Y + 2, BORDER);
        let mut x = draw_line(&mut image, font, 30.0, LEFT, FOOTER_TOP + 10.0, &self.date, MUTED) + 36.0;
        // Tags as the site shows them, in pills; those that do not fit are left off.
        for tag in &self.tags {
            let width = text_width(font, 26.0, tag) + 32.0;
            if x + width > WIDTH as f32 - RIGHT {
                break;
            }
            fill_pill(&mut image, x, FOOTER_TOP + 2.0, width, 48.0, ACCENT_SOFT);
            draw_line(&mut image, font, 26.0, x + 16.0, FOOTER_TOP + 12.0, tag, ACCENT);
            x += width + 12.0;
        }
        image
    }
}

/// A title set in lines: the size it is drawn at and its lines.
#[derive(Debug, PartialEq)]
pub struct TitleLayout {
    pub size: f32,
    pub lines: Vec<String>,
}

/// The largest of [`TITLE_SIZES`] at which `title`, broken between phrases, fits
/// [`MAX_LINES`] of `width`; at the smallest, the lines that fit, the last ending in
/// an ellipsis. Lines are balanced: as many as needed, as even as they can be.
pub fn layout_title(font: &FontVec, title: &str, width: f32) -> TitleLayout {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let parts = phrases(&title);
    for size in TITLE_SIZES {
        let lines = wrap(font, size, &parts, width);
        if lines.len() <= MAX_LINES {
            return TitleLayout { size, lines: balance(font, size, &parts, width, lines) };
        }
    }
    let size = TITLE_SIZES[TITLE_SIZES.len() - 1];
    let mut lines = wrap(font, size, &parts, width);
    lines.truncate(MAX_LINES);
    let last = lines.last_mut().expect("a title that overflows has lines");
    while !last.is_empty() && text_width(font, size, &format!("{last}…")) > width {
        last.pop();
    }
    last.truncate(last.trim_end().len());
    last.push('…');
    TitleLayout { size, lines }
}

/// The narrowest width that keeps the number of lines of `lines` (greedy at `width`),
/// so that no last line holds a lone word.
fn balance(font: &FontVec, size: f32, parts: &[&str], width: f32, lines: Vec<String>) -> Vec<String> {
    if lines.len() < 2 {
        return lines;
    }
    let (mut low, mut high) = (width / 2.0, width);
    let mut best = lines;
    for _ in 0..10 {
        let middle = (low + high) / 2.0;
        let tried = wrap(font, size, parts, middle);
        if tried.len() <= best.len() {
            high = middle;
            best = tried;
        } else {
            low = middle;
        }
    }
    best
}

/// Greedy line breaking between `parts`; a part wider than a line alone is broken
/// between its characters, as a last resort.
fn wrap(font: &FontVec, size: f32, parts: &[&str], width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for part in parts {
        let joined = format!("{line}{part}");
        if text_width(font, size, joined.trim_end()) <= width {
            line = joined;
            continue;
        }
        if !line.trim().is_empty() {
            lines.push(line.trim_end().to_owned());
        }
        line = String::new();
        for c in part.chars() {
            line.push(c);
            if text_width(font, size, line.trim_end()) > width && line.chars().count() > 1 {
                line.pop();
                lines.push(line.trim_end().to_owned());
                line = c.to_string();
            }
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_owned());
    }
    lines
}

/// `text`, cut short with an ellipsis if wider than `width`.
fn fit(font: &FontVec, size: f32, text: &str, width: f32) -> String {
    let mut text = text.to_owned();
    if text_width(font, size, &text) <= width {
        return text;
    }
    while !text.is_empty() && text_width(font, size, &format!("{text}…")) > width {
        text.pop();
    }
    text + "…"
}

fn text_width(font: &FontVec, size: f32, text: &str) -> f32 {
    let scaled = font.as_scaled(PxScale::from(size));
    let mut previous = None;
    let mut width = 0.0;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(previous) = previous {
            width += scaled.kern(previous, id);
        }
        width += scaled.h_advance(id);
        previous = Some(id);
    }
    width
}

/// Draws `text` with its em box's top at `top`; returns where the text ends.
fn draw_line(image: &mut RgbImage, font: &FontVec, size: f32, x: f32, top: f32, text: &str, color: Rgb<u8>) -> f32 {
    let scaled = font.as_scaled(PxScale::from(size));
    // The em box centred on the ascent and descent, so lines of CJK and Latin text sit alike.
    let baseline = top + (size + scaled.ascent() + scaled.descent()) / 2.0;
    let mut caret = x;
    let mut previous = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(previous) = previous {
            caret += scaled.kern(previous, id);
        }
        let glyph = id.with_scale_and_position(size, point(caret, baseline));
        caret += scaled.h_advance(id);
        previous = Some(id);
        let Some(outlined) = font.outline_glyph(glyph) else { continue };
        let bounds = outlined.px_bounds();
        outlined.draw(|gx, gy, coverage| {
            let (px, py) = (bounds.min.x as i64 + i64::from(gx), bounds.min.y as i64 + i64::from(gy));
            if let (Ok(px), Ok(py)) = (u32::try_from(px), u32::try_from(py)) {
                if px < WIDTH && py < HEIGHT {
                    blend(image.get_pixel_mut(px, py), color, coverage);
                }
            }
        });
    }
    caret
}

fn blend(pixel: &mut Rgb<u8>, color: Rgb<u8>, coverage: f32) {
    let coverage = coverage.clamp(0.0, 1.0);
    for (channel, ink) in pixel.0.iter_mut().zip(color.0) {
        *channel = (f32::from(*channel) * (1.0 - coverage) + f32::from(ink) * coverage).round() as u8;
    }
}

fn fill_rect(image: &mut RgbImage, x0: u32, y0: u32, x1: u32, y1: u32, color: Rgb<u8>) {
    let (x1, y1) = (x1.min(WIDTH), y1.min(HEIGHT));
    let row = color.0.repeat(x1.saturating_sub(x0) as usize);
    let buffer: &mut [u8] = image;
    for y in y0..y1 {
        let start = (y * WIDTH + x0) as usize * 3;
        buffer[start..start + row.len()].copy_from_slice(&row);
    }
}

/// A rectangle with fully rounded ends, anti-aliased.
fn fill_pill(image: &mut RgbImage, x: f32, y: f32, width: f32, height: f32, color: Rgb<u8>) {
    let radius = height / 2.0;
    // A pill narrower than it is tall is a circle (clamp wants left ≤ right).
    let (left, right) = (x + radius, (x + width - radius).max(x + radius));
    let centre_y = y + radius;
    for py in y.floor() as u32..(y + height).ceil() as u32 {
        for px in x.floor() as u32..(x + width).ceil() as u32 {
            let (cx, cy) = (px as f32 + 0.5, py as f32 + 0.5);
            let nearest_x = cx.clamp(left, right);
            let distance = ((cx - nearest_x).powi(2) + (cy - centre_y).powi(2)).sqrt();
            let coverage = (radius - distance + 0.5).clamp(0.0, 1.0);
            if coverage > 0.0 && px < WIDTH && py < HEIGHT {
                blend(image.get_pixel_mut(px, py), color, coverage);
            }
        }
    }
}

/// Writes the images of `previews` (file name and card) into the `previews/`
/// folder of `site_root` that are not there yet, and removes the ones no post shows
/// any more (the dev server's folder outlives titles).
pub fn write(site_root: &Path, typeface: &Typeface, previews: &[(String, Card)]) -> std::io::Result<()> {
    let dir = site_root.join(PREVIEWS_DIR);
    std::fs::create_dir_all(&dir)?;
    let wanted: std::collections::HashSet<&str> = previews.iter().map(|(name, _)| name.as_str()).collect();
    for entry in std::fs::read_dir(&dir)? {
        let entry = entry?;
        if entry.file_name().to_str().is_none_or(|name| !wanted.contains(name)) {
            std::fs::remove_file(entry.path())?;
        }
    }
    let missing: Vec<&(String, Card)> = previews.iter().filter(|(name, _)| !dir.join(name).exists()).collect();
    // Two at a time: the build machines have two cores.
    let (first, second) = missing.split_at(missing.len() / 2);
    std::thread::scope(|scope| {
        let other = scope.spawn(|| write_each(&dir, typeface, second));
        write_each(&dir, typeface, first)?;
        other.join().expect("drawing does not panic")
    })
}

fn write_each(dir: &Path, typeface: &Typeface, previews: &[&(String, Card)]) -> std::io::Result<()> {
    for (name, card) in previews {
        // Written whole, then renamed: a reader never gets half an image.
        let partial = dir.join(format!(".{name}.partial"));
        std::fs::write(&partial, card.png(typeface))?;
        std::fs::rename(&partial, dir.join(name))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typeface() -> Typeface {
        Typeface::load(Path::new("."), None).expect("fonts-noto-cjk is installed (./scripts/test installs it)")
    }

    fn card(title: &str) -> Card {
        Card {
            site: "fumi".into(),
            title: title.into(),
            date: "2021年1月4日".into(),
            tags: vec!["kubernetes".into(), "キャリア".into()],
        }
    }

    fn decoded(png: &[u8]) -> RgbImage {
        image::load_from_memory_with_format(png, image::ImageFormat::Png).unwrap().to_rgb8()
    }

    #[test]
    fn the_japanese_face_of_the_noto_collection_is_picked() {
        let data = std::fs::read(DEFAULT_FONT).unwrap();
        assert_eq!(japanese_face(&data), 0, "Noto Sans CJK JP is the collection's first face");
        assert!(typeface().identity.starts_with(&format!("{DEFAULT_FONT}#0:")));
    }

    #[test]
    fn japanese_and_english_titles_are_drawn_at_1200_by_630() {
        let typeface = typeface();
        for title in ["Amazon EKS の開発チームに移ります", "Lessons from five years of Terraform state"] {
            let image = decoded(&card(title).png(&typeface));
            assert_eq!(image.dimensions(), (1200, 630));
            let inked = image.pixels().filter(|p| **p != BACKGROUND).count();
            assert!(inked > 20_000, "{title}: {inked} pixels drawn");
            // The title's band holds dark text.
            let title_ink = (TITLE_TOP as u32..TITLE_BOTTOM as u32)
                .flat_map(|y| (LEFT as u32..WIDTH - RIGHT as u32).map(move |x| (x, y)))
                .filter(|&(x, y)| image.get_pixel(x, y).0[0] < 0x60)
                .count();
            assert!(title_ink > 5_000, "{title}: {title_ink} dark pixels in the title");
        }
    }

    #[test]
    fn drawing_is_deterministic_and_named_by_what_is_drawn() {
        let typeface = typeface();
        let a = card("同じタイトル");
        assert_eq!(a.png(&typeface), a.png(&typeface));
        let name = a.file_name("same", &typeface);
        assert!(crate::hosting::is_hashed(&name), "{name}");
        assert!(name.starts_with("same-") && name.ends_with(".png"), "{name}");
        assert_eq!(name, a.clone().file_name("same", &typeface));
        let retitled = card("違うタイトル").file_name("same", &typeface);
        let retagged = Card { tags: vec!["aws".into()], ..a.clone() }.file_name("same", &typeface);
        assert_ne!(name, retitled);
        assert_ne!(name, retagged);
    }

    #[test]
    fn a_long_japanese_title_wraps_between_phrases() {
        let font = &typeface().font;
        let title = "リアルな話をしたい：大規模な Kubernetes クラスタで推論基盤を運用して分かったこと";
        let layout = layout_title(font, title, TEXT_WIDTH);
        assert!((2..=MAX_LINES).contains(&layout.lines.len()), "{layout:?}");
        assert_eq!(layout.lines.concat().replace(' ', ""), title.replace(' ', ""), "nothing is lost");
        let parts = phrases(title);
        let mut boundaries = vec![0];
        for part in &parts {
            boundaries.push(boundaries.last().unwrap() + part.len());
        }
        let mut at = 0;
        for line in &layout.lines[..layout.lines.len() - 1] {
            assert!(title[at..].starts_with(line.as_str()), "{layout:?}");
            at += line.len();
            at += title[at..].len() - title[at..].trim_start().len();
            assert!(boundaries.contains(&at), "a line ends inside a phrase: {line:?} in {layout:?}");
        }
        assert!(layout.lines.iter().any(|l| l.contains("リアルな")), "{layout:?}");
    }

    #[test]
    fn short_titles_are_large_and_overlong_ones_end_in_an_ellipsis() {
        let font = &typeface().font;
        let short = layout_title(font, "はじめに", TEXT_WIDTH);
        assert_eq!(short, TitleLayout { size: TITLE_SIZES[0], lines: vec!["はじめに".into()] });
        let long = "とても長いタイトルが続きます、".repeat(12);
        let layout = layout_title(font, &long, TEXT_WIDTH);
        assert_eq!(layout.size, TITLE_SIZES[TITLE_SIZES.len() - 1]);
        assert_eq!(layout.lines.len(), MAX_LINES);
        assert!(layout.lines[MAX_LINES - 1].ends_with('…'), "{layout:?}");
        for line in &layout.lines {
            assert!(text_width(font, layout.size, line) <= TEXT_WIDTH, "{line}");
        }
        let word = "x".repeat(200);
        let layout = layout_title(font, &word, TEXT_WIDTH);
        assert!(layout.lines.iter().all(|l| text_width(font, layout.size, l) <= TEXT_WIDTH), "{layout:?}");
    }

    #[test]
    fn an_unusable_font_is_a_warning_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("not-a-font.ttf"), "hello").unwrap();
        for (path, says) in [("missing.ttf", "cannot read `missing.ttf`"), ("not-a-font.ttf", "not a TrueType")] {
            let configured = PreviewFont { path: path.into(), line: 7 };
            let warning = Typeface::load(dir.path(), Some(&configured)).unwrap_err();
            let shown = warning.to_string();
            assert!(shown.starts_with("fumi.toml:7: preview_font: "), "{shown}");
            assert!(shown.contains(says) && shown.contains("without link-preview images"), "{shown}");
        }
    }

    #[test]
    fn images_already_written_are_kept_and_stale_ones_removed() {
        let typeface = typeface();
        let dir = tempfile::tempdir().unwrap();
        let a = card("A");
        let name = a.file_name("a", &typeface);
        write(dir.path(), &typeface, &[(name.clone(), a.clone())]).unwrap();
        let path = dir.path().join(PREVIEWS_DIR).join(&name);
        std::fs::write(&path, "kept").unwrap();
        std::fs::write(dir.path().join(PREVIEWS_DIR).join("old-0123456789abcdef.png"), "stale").unwrap();
        write(dir.path(), &typeface, &[(name.clone(), a)]).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "kept", "not drawn again");
        let left: Vec<_> =
            std::fs::read_dir(dir.path().join(PREVIEWS_DIR)).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, [std::ffi::OsString::from(&name)]);
    }
}
