//! One module per URL of the URL contract.

pub mod archive;
pub mod author;
pub mod home;
pub mod not_found;
pub mod post;
pub mod search;
pub mod tag;
pub mod tags;
