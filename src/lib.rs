//! fumi's browser app: a thin reactive layer over `fumi-content`.
//!
//! `app` holds the router and the page frame, `routes/` one file per URL, `components/`
//! the widgets they share, `api` every network request. `mount` says where an instance
//! runs (its own site, or embedded in another page by `embed`, with the hash or fixed
//! routing of `location`). Text logic (Markdown, slugs,
//! excerpts, …) lives in the `fumi-content` crate, not here.

pub mod api;
mod app;
pub mod components;
pub mod embed;
mod fragment_links;
mod location;
pub mod mount;
pub mod paths;
mod routes;
mod static_page;
pub mod ui_text;

pub use app::{App, Site};
