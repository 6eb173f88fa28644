//! Widgets shared by several routes. They take plain data and callbacks; none of them
//! fetches anything.

pub mod code_copy;
pub mod latest_posts;
pub mod pagination;
pub mod post_list;
pub mod post_meta;
pub mod problems;
pub mod reading_progress;
pub mod related_posts;
pub mod route_announcer;
pub mod scroll_memory;
pub mod scroll_watch;
pub mod scrollable_regions;
pub mod search_box;
pub mod series_box;
pub mod status;
pub mod table_of_contents;
pub mod tag_filter_bar;
pub mod tag_list;
pub mod theme_toggle;
