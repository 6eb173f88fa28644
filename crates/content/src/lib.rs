//! fumi's text logic, shared by the browser app and the native publishing tool.
//!
//! Everything here is a pure function of text: no DOM, no file system, no clock.
//! Each fact about a post (its slug, heading ids, reading time, excerpt) is computed by
//! exactly one function in this crate, so the manifest, the rendered page and anything
//! built later agree by construction.

pub mod archive;
pub mod cjk;
pub mod date;
pub mod excerpt;
#[cfg(feature = "front-matter")]
pub mod front_matter;
pub mod heading_id;
pub mod lang;
pub mod layout;
pub mod manifest;
pub mod markdown;
pub mod normalize;
pub mod pagination;
pub mod people;
pub mod prose;
pub mod query;
pub mod reading_time;
pub mod search;
pub mod sharing;
pub mod slug;
pub mod sort;
pub mod tag_filter;
pub mod tag_index;
pub mod tags;
pub mod translations;
pub mod url;

pub use excerpt::excerpt;
pub use heading_id::HeadingIds;
pub use manifest::{Manifest, PostSummary, Problem, Site};
pub use markdown::{render, render_with, Heading, Labels, RenderHints, Rendered};
pub use reading_time::{reading_time, ReadingTime};
pub use slug::slugify;
