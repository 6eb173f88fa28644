//! fumi's app: a thin reactive layer over `fumi-content`, compiled twice — to wasm for
//! the browser (feature `hydrate`), and natively for the publishing tool, which renders
//! every route's page with it (feature `ssr`, see `prerender`).
//!
//! `app` holds the router and the page frame, `routes/` one file per URL, `components/`
//! the widgets they share, `site` the site-wide context they all read, `head` the
//! page's title and preview tags, `api` every network request, `takeover` starting on
//! a rendered page. `mount` says where an instance
//! runs (its own site, or embedded in another page by `embed`, with the hash or fixed
//! routing of `location`). Text logic (Markdown, slugs,
//! excerpts, …) lives in the `fumi-content` crate, not here.

pub mod api;
mod app;
pub mod components;
pub mod embed;
mod fragment_links;
pub mod head;
mod location;
mod marks;
pub mod mount;
pub mod paths;
#[cfg(feature = "ssr")]
pub mod prerender;
mod rendering;
mod routes;
pub mod site;
pub mod takeover;
pub mod ui_text;

pub use app::{App, Site};
