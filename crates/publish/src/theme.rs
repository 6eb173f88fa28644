//! `[theme]` in `fumi.toml`: the site's colours, fonts and sizes without touching
//! Rust or CSS, and `custom.css` for everything else.
//!
//! The stylesheet (`public/styles/main.css`) already draws everything from custom
//! properties, each colour one `light-dark()` pair; the theme is a small stylesheet
//! (`theme-<hash>.css`) that sets those properties again, linked right after fumi's
//! own. A file, not a `<style>` element: the Content-Security-Policy forbids inline
//! styles. `custom.css` beside `fumi.toml` follows it (`custom-<hash>.css`), so a
//! site's own rules win over both. Every page links the two through `index.html`, the
//! template of every other page, and `embed.js` loads them into each embedded
//! instance's shadow root the same way it loads fumi's own stylesheets. The site's
//! logo is drawn by the theme stylesheet too, and its favicon replaces fumi's.

use std::fmt;
use std::io;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::content_hash::fnv1a;

/// The site's own stylesheet, beside `fumi.toml`.
pub const CUSTOM_CSS: &str = "custom.css";

/// Marks the links this module adds, so that running it again (a fixture site built
/// from a copy of a build) replaces them instead of adding more.
const MARK: &str = "data-site-style";

/// The lowest contrast WCAG 2 AA allows for body-sized text.
const AA_TEXT_CONTRAST: f64 = 4.5;

/// `[theme]` as written: each value with its place in the file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeTable {
    accent: Option<Spanned<String>>,
    background: Option<Spanned<String>>,
    text: Option<Spanned<String>>,
    link: Option<Spanned<String>>,
    dark: Option<Spanned<DarkTable>>,
    font_body: Option<Spanned<String>>,
    font_mono: Option<Spanned<String>>,
    content_width: Option<Spanned<String>>,
    base_size: Option<Spanned<String>>,
}

/// `[theme.dark]`: the same colours for the dark theme.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DarkTable {
    accent: Option<Spanned<String>>,
    background: Option<Spanned<String>>,
    text: Option<Spanned<String>>,
    link: Option<Spanned<String>>,
}

/// A mistake or a warning about one key of `fumi.toml`, located.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyNote {
    pub line: usize,
    /// The full key: `theme.dark.accent`.
    pub key: String,
    pub message: String,
}

/// A configured value and the line it is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub line: usize,
}

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Color(pub [u8; 3]);

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "#{r:02x}{g:02x}{b:02x}")
    }
}

impl Color {
    /// `#rgb` or `#rrggbb`, the forms every stylesheet and colour picker speaks.
    pub fn parse(text: &str) -> Result<Color, String> {
        let digits = text.trim().strip_prefix('#').filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
        let channel = |hex: &str| u8::from_str_radix(hex, 16).unwrap_or(0);
        match digits {
            Some(d) if d.len() == 3 => {
                let [r, g, b] = [0, 1, 2].map(|i| channel(&d[i..=i]) * 17);
                Ok(Color([r, g, b]))
            }
            Some(d) if d.len() == 6 => Ok(Color([0, 2, 4].map(|i| channel(&d[i..i + 2])))),
            _ => Err(format!("{text:?} is not a colour; write it as #rrggbb or #rgb, e.g. \"#b3261e\"")),
        }
    }

    /// WCAG 2 relative luminance.
    pub fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let [r, g, b] = self.0.map(linear);
        0.2126 * r + 0.7152 * g + 0.0722 * b
    }

    /// `self` over `base` at `amount` (0–1), mixed in sRGB as CSS `color-mix()` does.
    fn mixed_into(self, base: Color, amount: f64) -> Color {
        let mut out = [0; 3];
        for (i, c) in out.iter_mut().enumerate() {
            *c = (f64::from(self.0[i]) * amount + f64::from(base.0[i]) * (1.0 - amount)).round() as u8;
        }
        Color(out)
    }
}

/// WCAG 2 contrast ratio of two colours, 1 to 21.
pub fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The colours of one theme (light or dark) that the site sets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scheme {
    pub accent: Option<Setting<Color>>,
    pub background: Option<Setting<Color>>,
    pub text: Option<Setting<Color>>,
    pub link: Option<Setting<Color>>,
}

impl Scheme {
    fn is_empty(&self) -> bool {
        self.accent.is_none() && self.background.is_none() && self.text.is_none() && self.link.is_none()
    }
}

/// The stylesheet's own colours of one theme (`main.css`, `:root`), which a theme
/// setting only some colours is checked and completed with.
#[derive(Clone, Copy, Debug)]
struct Defaults {
    accent: Color,
    background: Color,
    surface: Color,
    text: Color,
    muted: Color,
    accent_soft: Color,
    /// How much accent goes into `--color-accent-soft` when it is derived.
    soft_amount: f64,
}

const LIGHT: Defaults = Defaults {
    accent: Color([0x1f, 0x5f, 0x99]),
    background: Color([0xfb, 0xfa, 0xf7]),
    surface: Color([0xff, 0xff, 0xff]),
    text: Color([0x1f, 0x23, 0x28]),
    muted: Color([0x57, 0x60, 0x6a]),
    accent_soft: Color([0xe4, 0xee, 0xf8]),
    soft_amount: 0.12,
};

const DARK: Defaults = Defaults {
    accent: Color([0x7c, 0xb7, 0xf0]),
    background: Color([0x15, 0x18, 0x1c]),
    surface: Color([0x1c, 0x20, 0x26]),
    text: Color([0xe6, 0xe8, 0xeb]),
    muted: Color([0xa3, 0xac, 0xb6]),
    accent_soft: Color([0x1f, 0x33, 0x48]),
    soft_amount: 0.2,
};

/// One theme's colours as the page shows them: the site's, else the stylesheet's.
struct Resolved {
    accent: Color,
    background: Color,
    text: Color,
    link: Color,
    /// `None`: the stylesheet's own (neither accent nor background is set).
    accent_soft: Option<Color>,
}

fn value(setting: &Option<Setting<Color>>) -> Option<Color> {
    setting.as_ref().map(|s| s.value)
}

fn resolve(scheme: &Scheme, defaults: &Defaults) -> Resolved {
    let accent = value(&scheme.accent).unwrap_or(defaults.accent);
    let background = value(&scheme.background).unwrap_or(defaults.background);
    // Links are the accent colour unless set apart.
    let link = value(&scheme.link).unwrap_or(accent);
    let accent_soft = (scheme.accent.is_some() || scheme.background.is_some())
        .then(|| accent.mixed_into(background, defaults.soft_amount));
    Resolved { accent, background, text: value(&scheme.text).unwrap_or(defaults.text), link, accent_soft }
}

/// A colour key of one theme (`accent`) and its setting, if set.
type NamedSetting<'a> = (&'a str, &'a Option<Setting<Color>>);

/// A set colour too faint somewhere: its worst pair and every place it falls short.
struct Shortfall<'a> {
    key: &'a str,
    line: usize,
    ratio: f64,
    foreground: Color,
    behind: Color,
    uses: Vec<&'a str>,
}

/// Everything `[theme]` sets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Theme {
    pub light: Scheme,
    pub dark: Scheme,
    /// `font_body`: a CSS font-family list.
    pub font_body: Option<Setting<String>>,
    pub font_mono: Option<Setting<String>>,
    /// `content_width`: a CSS length, the width of the text column.
    pub content_width: Option<Setting<String>>,
    /// `base_size`: a CSS length, the size of body text.
    pub base_size: Option<Setting<String>>,
    /// `logo` (a top-level key): the image before the title in the header.
    pub logo: Option<Logo>,
}

/// The site's logo: a file in `public/`, by the path the site serves it at, and its
/// size when it could be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logo {
    pub path: String,
    pub size: Option<[u32; 2]>,
}

impl Theme {
    /// Validates `table`; `line_of` turns a byte offset of the file into its line.
    pub fn read(table: ThemeTable, line_of: impl Fn(usize) -> usize) -> Result<Theme, KeyNote> {
        let line_of = &line_of;
        let color = |key: &str, value| checked(key, value, line_of, Color::parse);
        let light = Scheme {
            accent: color("accent", table.accent)?,
            background: color("background", table.background)?,
            text: color("text", table.text)?,
            link: color("link", table.link)?,
        };
        let dark_table = table.dark.map(Spanned::into_inner).unwrap_or_default();
        let dark = Scheme {
            accent: color("dark.accent", dark_table.accent)?,
            background: color("dark.background", dark_table.background)?,
            text: color("dark.text", dark_table.text)?,
            link: color("dark.link", dark_table.link)?,
        };
        Ok(Theme {
            light,
            dark,
            font_body: checked("font_body", table.font_body, line_of, font_family)?,
            font_mono: checked("font_mono", table.font_mono, line_of, font_family)?,
            content_width: checked("content_width", table.content_width, line_of, |v| {
                length(v, &["rem", "em", "px", "ch"])
            })?,
            base_size: checked("base_size", table.base_size, line_of, |v| length(v, &["px", "rem", "em", "%"]))?,
            logo: None,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.light.is_empty()
            && self.dark.is_empty()
            && self.font_body.is_none()
            && self.font_mono.is_none()
            && self.content_width.is_none()
            && self.base_size.is_none()
            && self.logo.is_none()
    }

    /// Every pair of colours the stylesheet puts text in that falls below WCAG AA,
    /// as a warning at the set key of the pair (pairs of the stylesheet's own colours
    /// alone are its business, and pass).
    pub fn contrast_warnings(&self) -> Vec<KeyNote> {
        let mut notes = Vec::new();
        for (scheme, defaults, prefix, name) in
            [(&self.light, &LIGHT, "", "light"), (&self.dark, &DARK, "dark.", "dark")]
        {
            let shown = resolve(scheme, defaults);
            let (accent, background, text, link) = (&scheme.accent, &scheme.background, &scheme.text, &scheme.link);
            // (text colour, the keys that set the pair, what it sits on, where the
            // stylesheet shows it): the first key set is the one a warning names.
            let link_key = if link.is_some() { ("link", link) } else { ("accent", accent) };
            let mut pairs: Vec<(Color, Vec<NamedSetting>, Color, &str)> = vec![
                (shown.text, vec![("text", text), ("background", background)], shown.background, "text"),
                (shown.link, vec![link_key, ("background", background)], shown.background, "links"),
                (
                    shown.accent,
                    vec![("accent", accent), ("background", background)],
                    shown.background,
                    "accent text and the background colour on accent buttons",
                ),
                (defaults.muted, vec![("background", background)], shown.background, "the stylesheet's muted text"),
                (shown.text, vec![("text", text)], defaults.surface, "text on cards and boxes"),
                (shown.link, vec![link_key], defaults.surface, "links on cards and boxes"),
            ];
            if let Some(soft) = shown.accent_soft {
                pairs.push((shown.accent, vec![("accent", accent), ("background", background)], soft, "tags"));
            }
            // One warning per key: its worst pair, and everything it is too faint for.
            let mut shortfalls: Vec<Shortfall> = Vec::new();
            for (foreground, keys, behind, use_) in pairs {
                let Some(&(key, Some(setting))) = keys.iter().find(|(_, s)| s.is_some()) else { continue };
                let ratio = contrast(foreground, behind);
                if ratio >= AA_TEXT_CONTRAST {
                    continue;
                }
                match shortfalls.iter_mut().find(|s| s.key == key) {
                    Some(known) => {
                        known.uses.push(use_);
                        if ratio < known.ratio {
                            (known.ratio, known.foreground, known.behind) = (ratio, foreground, behind);
                        }
                    }
                    None => shortfalls.push(Shortfall {
                        key,
                        line: setting.line,
                        ratio,
                        foreground,
                        behind,
                        uses: vec![use_],
                    }),
                }
            }
            for Shortfall { key, line, ratio, foreground, behind, uses } in shortfalls {
                // Rounded as contrast checkers show it, never up to a passing 4.50.
                let shown = ((ratio * 100.0).round() / 100.0).min(AA_TEXT_CONTRAST - 0.01);
                notes.push(KeyNote {
                    line,
                    key: format!("theme.{prefix}{key}"),
                    message: format!(
                        "{foreground} on {behind} has a contrast of {shown:.2}:1 in the {name} theme, below the \
                         {AA_TEXT_CONTRAST}:1 WCAG AA asks of text ({})",
                        uses.join("; ")
                    ),
                });
            }
        }
        notes.sort_by(|a, b| (a.line, &a.key).cmp(&(b.line, &b.key)));
        notes.dedup();
        notes
    }

    /// The page backgrounds of the light and dark themes (`#rrggbb`), configured or
    /// fumi's: the colour of the browser's frame around the site (`theme-color`).
    pub fn backgrounds(&self) -> [String; 2] {
        [resolve(&self.light, &LIGHT).background.to_string(), resolve(&self.dark, &DARK).background.to_string()]
    }

    /// The stylesheet that applies the theme: the stylesheet's custom properties set
    /// again, on the page (`:root`) and on an embedded instance's host (`:host`).
    pub fn stylesheet(&self) -> String {
        let (light, dark) = (resolve(&self.light, &LIGHT), resolve(&self.dark, &DARK));
        let mut properties: Vec<(&str, String)> = Vec::new();
        let mut pair = |property, set: bool, light: Color, dark: Color| {
            if set {
                properties.push((property, format!("light-dark({light}, {dark})")));
            }
        };
        let (l, d) = (&self.light, &self.dark);
        pair("--color-accent", l.accent.is_some() || d.accent.is_some(), light.accent, dark.accent);
        pair("--color-bg", l.background.is_some() || d.background.is_some(), light.background, dark.background);
        pair("--color-text", l.text.is_some() || d.text.is_some(), light.text, dark.text);
        pair("--color-link", l.link.is_some() || d.link.is_some(), light.link, dark.link);
        if light.accent_soft.is_some() || dark.accent_soft.is_some() {
            let soft = |r: &Resolved, defaults: &Defaults| r.accent_soft.unwrap_or(defaults.accent_soft);
            pair("--color-accent-soft", true, soft(&light, &LIGHT), soft(&dark, &DARK));
        }
        for (property, setting) in [
            ("--font-sans", &self.font_body),
            ("--font-mono", &self.font_mono),
            ("--measure", &self.content_width),
            ("--font-size", &self.base_size),
        ] {
            if let Some(setting) = setting {
                properties.push((property, setting.value.clone()));
            }
        }
        let mut css =
            String::from("/* The theme from fumi.toml ([theme]), written by fumi-publish. */\n:root,\n:host {\n");
        for (property, value) in properties {
            css.push_str(&format!("  {property}: {value};\n"));
        }
        css.push_str("}\n");
        if let Some(logo) = &self.logo {
            css.push_str(&logo_rule(logo));
        }
        if let Some(size) = &self.base_size {
            // The stylesheet sets text a little smaller on phones (17px → 16px).
            css.push_str(&format!(
                "\n@media (max-width: 30rem) {{\n  :root,\n  :host {{\n    --font-size: calc({} * 16 / 17);\n  }}\n}}\n",
                size.value
            ));
        }
        css
    }
}

/// The logo as the header shows it: a background of the title link's `::before`, so
/// the app (and its wasm) needs nothing for it and it shows the same on the static
/// page, after navigation and in an embedded instance (a URL in a stylesheet resolves
/// against the stylesheet, which lives at the site root beside `images/`). It is
/// decoration, as an `<img alt="">` would be: the title that follows names the link.
/// As tall as a line of the title, as wide as its proportions say, from the start.
fn logo_rule(logo: &Logo) -> String {
    let width = match logo.size {
        Some([width, height]) if width > 0 && height > 0 => format!("calc(1.5em * {width} / {height})"),
        _ => "1.5em".to_owned(),
    };
    format!(
        "\n/* The logo (logo in fumi.toml). */\n.site-title::before {{\n  content: \"\";\n  display: inline-block;\n  \
         width: {width};\n  height: 1.5em;\n  margin-inline-end: 0.4em;\n  vertical-align: middle;\n  \
         background: url(\"{}\") center / contain no-repeat;\n}}\n",
        logo.path
    )
}

/// `value` of `theme.<key>` put through `check`, with its line.
fn checked<T>(
    key: &str,
    value: Option<Spanned<String>>,
    line_of: &impl Fn(usize) -> usize,
    check: impl Fn(&str) -> Result<T, String>,
) -> Result<Option<Setting<T>>, KeyNote> {
    value
        .map(|spanned| {
            let line = line_of(spanned.span().start);
            check(spanned.get_ref()).map(|value| Setting { value, line }).map_err(|message| KeyNote {
                line,
                key: format!("theme.{key}"),
                message,
            })
        })
        .transpose()
}

/// A CSS length of one of `units` (`44rem`, `720px`): a positive number and its unit,
/// nothing that could end the declaration it goes into.
fn length(text: &str, units: &[&str]) -> Result<String, String> {
    let text = text.trim();
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let positive = number.parse::<f64>().is_ok_and(|n| n > 0.0 && n.is_finite()) && !number.ends_with('.');
    if positive && units.contains(&unit) {
        Ok(text.to_owned())
    } else {
        Err(format!("{text:?} is not a length; write a number and one of {}, e.g. \"{}\"", units.join(", "), {
            if units.contains(&"ch") {
                "44rem"
            } else {
                "18px"
            }
        }))
    }
}

/// A CSS font-family list: family names separated by commas, plain (`Noto Sans JP`:
/// letters, digits, spaces, `-`, `_`) or quoted (`'M+ 1p'`). Nothing else gets
/// through (no `;`, braces, backslashes, `<` or stray quotes), so the value cannot
/// break out of its declaration or the stylesheet.
fn font_family(text: &str) -> Result<String, String> {
    let bad = || {
        format!(
            "{text:?} is not a list of font families; write names separated by commas, quoting any with \
             characters other than letters, digits, spaces and hyphens, e.g. \"'Noto Serif JP', Georgia, serif\""
        )
    };
    let mut families = Vec::new();
    for family in text.split(',') {
        let family = family.trim();
        let quoted =
            ["\"", "'"].iter().find_map(|quote| family.strip_prefix(quote).and_then(|rest| rest.strip_suffix(quote)));
        let valid = match quoted {
            Some(name) => !name.trim().is_empty() && !name.chars().any(|c| c.is_control() || "\"'\\;{}<>".contains(c)),
            // Each word a CSS identifier, or browsers drop the whole list.
            None => {
                !family.is_empty()
                    && family.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
                    && family
                        .split_whitespace()
                        .all(|word| !word.trim_start_matches('-').starts_with(|c: char| c.is_ascii_digit()))
            }
        };
        if !valid {
            return Err(bad());
        }
        families.push(family);
    }
    Ok(families.join(", "))
}

/// The files the theme adds to the site.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// The stylesheets, in the order the pages link them.
    pub stylesheets: Vec<String>,
    /// The favicon's copy, when the site has its own.
    pub favicon: Option<String>,
}

/// Writes the theme's stylesheet, the copy of `custom.css` (from `root`) and the
/// site's favicon (`public/<favicon>`) into `dist` under names that change with
/// their content, and links them from `dist/index.html` (the template of every
/// other page): the stylesheets after fumi's own, the favicon in place of fumi's.
/// `public_url` is the path the site is served under.
pub fn write(dist: &Path, public_url: &str, root: &Path, theme: &Theme, favicon: Option<&str>) -> io::Result<Written> {
    let mut written = Written::default();
    let hashed = |stem: &str, extension: &str, bytes: &[u8]| format!("{stem}-{:016x}.{extension}", fnv1a(bytes));
    if !theme.is_empty() {
        let css = theme.stylesheet();
        let name = hashed("theme", "css", css.as_bytes());
        std::fs::write(dist.join(&name), css)?;
        written.stylesheets.push(name);
    }
    match std::fs::read(root.join(CUSTOM_CSS)) {
        Ok(css) => {
            let name = hashed("custom", "css", &css);
            std::fs::write(dist.join(&name), css)?;
            written.stylesheets.push(name);
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(io::Error::new(e.kind(), format!("{}: {e}", root.join(CUSTOM_CSS).display()))),
    }
    if let Some(path) = favicon {
        let bytes = std::fs::read(root.join("public").join(path))?;
        let extension = path.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
        let name = hashed("favicon", &extension, &bytes);
        std::fs::write(dist.join(&name), bytes)?;
        written.favicon = Some(name);
    }
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index)?;
    std::fs::write(index, linked(&html, &crate::hosting::base_path(public_url), &written))?;
    if written.favicon.is_some() {
        // fumi's own favicon is no longer linked: nothing should offer it.
        for entry in std::fs::read_dir(dist)? {
            let name = entry?.file_name().to_string_lossy().into_owned();
            if name.starts_with("favicon-") && Some(&name) != written.favicon.as_ref() {
                std::fs::remove_file(dist.join(name))?;
            }
        }
    }
    Ok(written)
}

/// The media type of a favicon, by its extension.
pub fn favicon_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).as_deref() {
        Some("svg") => "image/svg+xml",
        Some("ico") => "image/x-icon",
        _ => "image/png",
    }
}

/// `html` with the stylesheets linked after its last stylesheet and its icon link
/// replaced by the favicon's.
fn linked(html: &str, base: &str, written: &Written) -> String {
    let mut html: String = html.split_inclusive('\n').filter(|line| !line.contains(MARK)).collect();
    if let Some(favicon) = &written.favicon {
        let link = format!("<link rel=\"icon\" type=\"{}\" href=\"{base}{favicon}\"/>", favicon_type(favicon));
        match html.find("<link rel=\"icon\"").and_then(|at| Some((at, at + html[at..].find('>')? + 1))) {
            Some((start, end)) => html.replace_range(start..end, &link),
            None => insert_in_head(&mut html, &link),
        }
    }
    if !written.stylesheets.is_empty() {
        let links: String = written
            .stylesheets
            .iter()
            .map(|sheet| format!("\n    <link rel=\"stylesheet\" href=\"{base}{sheet}\" {MARK}/>"))
            .collect();
        let after_last = html.rfind("<link rel=\"stylesheet\"").and_then(|at| Some(at + html[at..].find('>')? + 1));
        match after_last {
            Some(at) => html.insert_str(at, &links),
            None => insert_in_head(&mut html, links.trim_start()),
        }
    }
    html
}

fn insert_in_head(html: &mut String, tag: &str) {
    if let Some(at) = html.find("</head>") {
        html.insert_str(at, &format!("{tag}\n  "));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn color(text: &str) -> Color {
        Color::parse(text).unwrap()
    }

    #[test]
    fn colours_are_hex_in_both_lengths() {
        assert_eq!(color("#b3261e"), Color([0xb3, 0x26, 0x1e]));
        assert_eq!(color("#ABC"), Color([0xaa, 0xbb, 0xcc]));
        assert_eq!(color("#fff").to_string(), "#ffffff");
        for bad in ["b3261e", "#b3261", "#ggg", "red", "#fff;}", "", "rgb(1,2,3)"] {
            let err = Color::parse(bad).unwrap_err();
            assert!(err.contains("#rrggbb"), "{bad}: {err}");
        }
    }

    #[test]
    fn contrast_is_wcag_2() {
        let ratio = |a: &str, b: &str| (contrast(color(a), color(b)) * 100.0).round() / 100.0;
        assert_eq!(ratio("#000", "#fff"), 21.0);
        assert_eq!(ratio("#fff", "#fff"), 1.0);
        assert_eq!(ratio("#777", "#fff"), 4.48, "the classic grey that just fails AA");
        assert_eq!(ratio("#767676", "#ffffff"), 4.54, "and the one that just passes");
        assert_eq!(ratio("#fff", "#777"), 4.48, "symmetric");
    }

    #[test]
    fn lengths_and_fonts_cannot_break_out_of_their_declaration() {
        let widths = ["rem", "em", "px", "ch"];
        assert_eq!(length("44rem", &widths), Ok("44rem".into()));
        assert_eq!(length(" 720px ", &widths), Ok("720px".into()));
        assert_eq!(length("42.5ch", &widths), Ok("42.5ch".into()));
        for bad in ["44", "rem", "-4rem", "0px", "44rem;color:red", "4.rem", "1e3px", "44 rem", "calc(1rem)", "50%"] {
            assert!(length(bad, &widths).is_err(), "{bad}");
        }
        assert_eq!(font_family("'Noto Serif JP', Georgia,serif"), Ok("'Noto Serif JP', Georgia, serif".into()));
        assert_eq!(font_family("\"游明朝\", YuMincho, serif"), Ok("\"游明朝\", YuMincho, serif".into()));
        assert_eq!(font_family("Noto Sans JP, sans-serif"), Ok("Noto Sans JP, sans-serif".into()));
        assert_eq!(font_family("'M+ 1p', sans-serif"), Ok("'M+ 1p', sans-serif".into()));
        for bad in [
            "a;b",
            "x}body{display:none",
            "Noto 2D",
            "'a\"",
            "a,,b",
            "</style>",
            "a\\62",
            "''",
            "'a;b'",
            "'x' y",
            "M+ 1p",
        ] {
            assert!(font_family(bad).is_err(), "{bad}");
        }
    }

    fn theme(toml_text: &str) -> Result<Theme, KeyNote> {
        let text = format!("[theme]\n{toml_text}");
        let doc: ThemeRoot = toml::from_str(&text).unwrap();
        let line_of = |offset: usize| 1 + text[..offset].matches('\n').count();
        Theme::read(doc.theme, line_of)
    }

    #[derive(Deserialize)]
    struct ThemeRoot {
        theme: ThemeTable,
    }

    #[test]
    fn a_pair_below_aa_is_a_warning_at_the_key_that_was_set() {
        let t = theme("accent = \"#a4a4a4\"\n\n[theme.dark]\nbackground = \"#5a5a5a\"\n").unwrap();
        let warnings = t.contrast_warnings();
        assert!(!warnings.is_empty());
        assert!(
            warnings.iter().any(|w| w.key == "theme.accent" && w.line == 2 && w.message.contains("light theme")),
            "{warnings:?}"
        );
        assert!(
            warnings.iter().any(|w| w.key == "theme.dark.background" && w.line == 5 && w.message.contains("muted")),
            "the stylesheet's muted grey on the new dark background: {warnings:?}"
        );
        let fine = theme("accent = \"#8a2c1b\"\ntext = \"#111\"\n[theme.dark]\naccent = \"#ffb59e\"\n").unwrap();
        assert_eq!(fine.contrast_warnings(), []);
    }

    #[test]
    fn a_link_colour_is_checked_as_links() {
        let t = theme("link = \"#999\"\n").unwrap();
        let warnings = t.contrast_warnings();
        let keys: Vec<&str> = warnings.iter().map(|w| w.key.as_str()).collect();
        assert!(keys.contains(&"theme.link"), "{keys:?}");
        assert!(!keys.contains(&"theme.accent"), "{keys:?}");
    }

    #[test]
    fn a_bad_value_is_an_error_at_its_key() {
        let err = theme("accent = \"#1f5f99\"\n[theme.dark]\naccent = \"blue\"\n").unwrap_err();
        assert_eq!((err.line, err.key.as_str()), (4, "theme.dark.accent"), "{err:?}");
        let err = theme("\nfont_body = \"x; } body { display: none\"\n").unwrap_err();
        assert_eq!((err.line, err.key.as_str()), (3, "theme.font_body"), "{err:?}");
        let err = theme("base_size = \"big\"\n").unwrap_err();
        assert_eq!((err.line, err.key.as_str()), (2, "theme.base_size"), "{err:?}");
    }

    #[test]
    fn the_stylesheet_completes_each_pair_with_the_default_of_the_other_theme() {
        let t = theme("accent = \"#8a2c1b\"\nbase_size = \"18px\"\ncontent_width = \"44rem\"\n").unwrap();
        let css = t.stylesheet();
        assert!(css.contains(":root,\n:host {"), "{css}");
        assert!(css.contains("--color-accent: light-dark(#8a2c1b, #7cb7f0);"), "{css}");
        assert!(css.contains("--color-accent-soft: light-dark("), "derived from the new accent: {css}");
        assert!(!css.contains("--color-bg") && !css.contains("--color-link"), "{css}");
        assert!(css.contains("--measure: 44rem;") && css.contains("--font-size: 18px;"), "{css}");
        assert!(css.contains("--font-size: calc(18px * 16 / 17);"), "{css}");
        assert!(theme("").unwrap().is_empty());
    }

    #[test]
    fn the_logo_is_drawn_before_the_title_at_its_proportions() {
        let t = Theme { logo: Some(Logo { path: "images/logo.svg".into(), size: Some([64, 32]) }), ..Theme::default() };
        assert!(!t.is_empty(), "a logo alone makes a theme stylesheet");
        let css = t.stylesheet();
        assert!(css.contains(".site-title::before {"), "{css}");
        assert!(css.contains("background: url(\"images/logo.svg\") center / contain no-repeat;"), "{css}");
        assert!(css.contains("width: calc(1.5em * 64 / 32);") && css.contains("height: 1.5em;"), "{css}");
        assert!(css.contains("content: \"\";"), "no text of its own: {css}");
        let unmeasured = Theme { logo: Some(Logo { path: "images/l.png".into(), size: None }), ..Theme::default() };
        assert!(unmeasured.stylesheet().contains("width: 1.5em;"));
    }

    #[test]
    fn the_defaults_are_the_stylesheets() {
        let css = include_str!("../../../public/styles/main.css");
        for (property, light, dark) in [
            ("--color-accent", LIGHT.accent, DARK.accent),
            ("--color-bg", LIGHT.background, DARK.background),
            ("--color-surface", LIGHT.surface, DARK.surface),
            ("--color-text", LIGHT.text, DARK.text),
            ("--color-muted", LIGHT.muted, DARK.muted),
            ("--color-accent-soft", LIGHT.accent_soft, DARK.accent_soft),
        ] {
            let declaration = format!("{property}: light-dark({light}, {dark});");
            assert!(css.contains(&declaration), "main.css declares {declaration}");
        }
        assert!(css.contains("--color-link: var(--color-accent);"), "links follow the accent unless set");
    }

    #[test]
    fn the_template_links_the_sheets_after_fumis_and_swaps_the_icon() {
        let html = "<head>\n    <link rel=\"icon\" href=\"/blog/favicon-1.svg\"/>\n    <link rel=\"stylesheet\" href=\"/blog/main-a.css\" integrity=\"x\"/>\n    <link rel=\"stylesheet\" href=\"/blog/lists-b.css\"/>\n    <link rel=\"manifest\" href=\"m\"/>\n</head>";
        let written = Written {
            stylesheets: vec!["theme-1.css".into(), "custom-2.css".into()],
            favicon: Some("favicon-3.png".into()),
        };
        let out = linked(html, "/blog/", &written);
        assert!(out.contains("<link rel=\"icon\" type=\"image/png\" href=\"/blog/favicon-3.png\"/>"), "{out}");
        assert!(!out.contains("favicon-1.svg"), "{out}");
        let order: Vec<usize> = ["main-a.css", "lists-b.css", "theme-1.css", "custom-2.css", "rel=\"manifest\""]
            .iter()
            .map(|s| out.find(s).unwrap_or_else(|| panic!("{s} in {out}")))
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{out}");
        assert_eq!(linked(html, "/", &Written::default()), html, "nothing to add");
        let again = Written { stylesheets: vec!["theme-4.css".into()], favicon: None };
        let relinked = linked(&out, "/blog/", &again);
        assert!(relinked.contains("theme-4.css") && !relinked.contains("theme-1.css"), "{relinked}");
        assert!(!relinked.contains("custom-2.css"), "{relinked}");
        assert_eq!(linked(&out, "/blog/", &Written::default()).matches("stylesheet").count(), 2, "fumi's own stay");
    }

    #[test]
    fn only_what_exists_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let (root, dist) = (dir.path().join("site"), dir.path().join("dist"));
        std::fs::create_dir_all(root.join("public/images")).unwrap();
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(dist.join("index.html"), "<head>\n<link rel=\"icon\" href=\"/favicon-0123456789abcdef.svg\"/>\n<link rel=\"stylesheet\" href=\"/main-a.css\"/>\n</head>").unwrap();
        std::fs::write(dist.join("favicon-0123456789abcdef.svg"), "<svg/>").unwrap();
        let none = write(&dist, "/", &root, &Theme::default(), None).unwrap();
        assert_eq!(none, Written::default());
        std::fs::write(root.join(CUSTOM_CSS), "h1 { color: red }").unwrap();
        std::fs::write(root.join("public/images/icon.png"), b"\x89PNG").unwrap();
        let t = theme("accent = \"#8a2c1b\"\n").unwrap();
        let written = write(&dist, "/", &root, &t, Some("images/icon.png")).unwrap();
        assert_eq!(written.stylesheets.len(), 2);
        assert!(written.stylesheets[0].starts_with("theme-") && written.stylesheets[1].starts_with("custom-"));
        assert!(crate::hosting::is_hashed(&written.stylesheets[1]), "cached like fumi's own files");
        assert_eq!(std::fs::read_to_string(dist.join(&written.stylesheets[1])).unwrap(), "h1 { color: red }");
        let favicon = written.favicon.unwrap();
        assert!(dist.join(&favicon).is_file() && !dist.join("favicon-0123456789abcdef.svg").exists());
    }
}
