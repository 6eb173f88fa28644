//! The network side of embeds: one HTTP client with short time limits, size limits
//! that stop reading (a hostile or broken server cannot stall or fill the build), at
//! most 5 redirects, and a User-Agent that says who is asking. Pages are decoded from
//! the charset they declare, else as UTF-8, else as Shift_JIS or EUC-JP.

use std::io::Read;
use std::time::{Duration, Instant};

use ureq::ResponseExt;

/// Said to every server fumi asks.
pub const USER_AGENT: &str = "fumi-publish (+link cards)";

/// Limits of one HTTP client.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Longest wait for one request, from connecting to the last byte.
    pub per_request: Duration,
    /// Longest time spent on one URL, every request for it together (the page, its
    /// image, its icon).
    pub per_url: Duration,
    /// Most bytes of a page or text file read; the rest is never read.
    pub page_bytes: u64,
    /// Larger images are refused.
    pub image_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            per_request: Duration::from_secs(5),
            per_url: Duration::from_secs(12),
            page_bytes: 2 * 1024 * 1024,
            image_bytes: 5 * 1024 * 1024,
        }
    }
}

/// When the work on one URL must stop.
#[derive(Clone, Copy, Debug)]
pub struct Deadline(Instant);

/// The HTTP client of embeds.
pub struct Fetcher {
    agent: ureq::Agent,
    pub limits: Limits,
}

/// A fetched web page, decoded.
#[derive(Debug)]
pub struct Page {
    /// Where the page was found after redirects: relative addresses in it resolve
    /// against this.
    pub url: String,
    pub html: String,
}

impl Fetcher {
    pub fn new(limits: Limits) -> Self {
        let config = ureq::Agent::config_builder()
            .max_redirects(5)
            .user_agent(USER_AGENT)
            .timeout_global(Some(limits.per_request))
            .build();
        Fetcher { agent: config.into(), limits }
    }

    /// The deadline of work on a URL started now.
    pub fn deadline(&self) -> Deadline {
        Deadline(Instant::now() + self.limits.per_url)
    }

    /// Sends a GET within the request's and the URL's time limits.
    fn get(&self, url: &str, deadline: &Deadline, accept: &str) -> Result<ureq::http::Response<ureq::Body>, String> {
        let left = deadline.0.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err("out of time for this address".into());
        }
        self.agent
            .get(url)
            .header("accept", accept)
            .config()
            .timeout_global(Some(left.min(self.limits.per_request)))
            .build()
            .call()
            .map_err(describe)
    }

    /// An HTML page, decoded, read up to the page limit.
    pub fn get_page(&self, url: &str, deadline: &Deadline) -> Result<Page, String> {
        let mut response = self.get(url, deadline, "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")?;
        let final_url = response.get_uri().to_string();
        let mime = response.body().mime_type().unwrap_or("").to_ascii_lowercase();
        if !(mime.is_empty() || mime == "text/html" || mime == "application/xhtml+xml") {
            return Err(format!("not a web page ({mime})"));
        }
        let charset = response.body().charset().map(str::to_owned);
        let bytes = read_prefix(&mut response, self.limits.page_bytes)?;
        Ok(Page { url: final_url, html: decode_html(&bytes, charset.as_deref()) })
    }

    /// A text answer (oEmbed JSON, a raw source file) as UTF-8, read up to the page
    /// limit; a longer one is an error (a cut JSON or file is no use). Also returns
    /// the address it came from.
    pub fn get_text(&self, url: &str, deadline: &Deadline) -> Result<(String, String), String> {
        let mut response = self.get(url, deadline, "application/json,text/plain;q=0.9,*/*;q=0.1")?;
        let final_url = response.get_uri().to_string();
        let bytes = read_limited(&mut response, self.limits.page_bytes)?;
        let text = String::from_utf8(bytes).map_err(|_| "the answer is not UTF-8 text".to_owned())?;
        Ok((text, final_url))
    }

    /// An image's bytes, refused beyond the image limit.
    pub fn get_image(&self, url: &str, deadline: &Deadline) -> Result<Vec<u8>, String> {
        let mut response = self.get(url, deadline, "image/webp,image/png,image/jpeg,image/gif,image/*;q=0.8")?;
        read_limited(&mut response, self.limits.image_bytes)
    }
}

/// At most `limit` bytes of the body; the rest is left unread.
fn read_prefix(response: &mut ureq::http::Response<ureq::Body>, limit: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    response.body_mut().as_reader().take(limit).read_to_end(&mut bytes).map_err(|e| format!("reading: {e}"))?;
    Ok(bytes)
}

/// The whole body, or an error when it is longer than `limit`.
fn read_limited(response: &mut ureq::http::Response<ureq::Body>, limit: u64) -> Result<Vec<u8>, String> {
    let bytes = read_prefix(response, limit + 1)?;
    if bytes.len() as u64 > limit {
        return Err(format!("larger than {} KiB", limit / 1024));
    }
    Ok(bytes)
}

/// ureq's errors in words for the build's warning.
fn describe(error: ureq::Error) -> String {
    match error {
        ureq::Error::StatusCode(code) => format!("the server answered {code}"),
        ureq::Error::TooManyRedirects => "more than 5 redirects".into(),
        ureq::Error::Timeout(_) => "no answer in time".into(),
        other => other.to_string(),
    }
}

/// A page's text: in the charset the server names, else the one the page declares
/// in its first bytes, else UTF-8, else Shift_JIS or EUC-JP, else UTF-8 with
/// replacement characters.
pub fn decode_html(bytes: &[u8], header_charset: Option<&str>) -> String {
    let head = &bytes[..bytes.len().min(4096)];
    let declared =
        header_charset.map(str::to_owned).or_else(|| super::page::declared_charset(&String::from_utf8_lossy(head)));
    if let Some(encoding) = declared.and_then(|label| encoding_rs::Encoding::for_label(label.trim().as_bytes())) {
        // A page saying "UTF-16" was read as ASCII to find that; it is not UTF-16.
        let encoding = if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else {
            encoding
        };
        return encoding.decode_with_bom_removal(bytes).0.into_owned();
    }
    crate::text_encoding::decode(bytes).map_or_else(|_| String::from_utf8_lossy(bytes).into_owned(), |(text, _)| text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_charset_wins_then_the_meta_then_detection() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("<title>日本語</title>");
        assert_eq!(decode_html(&sjis, Some("Shift_JIS")), "<title>日本語</title>");
        let (euc, _, _) = encoding_rs::EUC_JP.encode("<meta charset=euc-jp><title>日本語の題</title>");
        assert_eq!(decode_html(&euc, None), "<meta charset=euc-jp><title>日本語の題</title>");
        let (undeclared, _, _) = encoding_rs::SHIFT_JIS.encode("<title>カタカナ</title>");
        assert_eq!(decode_html(&undeclared, None), "<title>カタカナ</title>");
        assert_eq!(decode_html("<title>é</title>".as_bytes(), None), "<title>é</title>");
    }
}
