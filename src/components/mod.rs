//! Widgets shared by several routes. They take plain data and callbacks; none of them
//! fetches anything.

pub mod page_title;
pub mod post_list;
pub mod post_meta;
pub mod problems;
pub mod status;
pub mod tag_list;
