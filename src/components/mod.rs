//! Widgets shared by several routes. Most take plain data and callbacks; the few that
//! need the site's manifest or interface text read them from [`crate::site`]'s context
//! (`status::with_manifest`, `problems`, `latest_posts`). None of them fetches anything:
//! every request is in [`crate::api`], behind that context.

pub mod authors;
pub mod code_copy;
pub mod keyboard_shortcuts;
pub mod languages;
pub mod latest_posts;
pub mod pagination;
pub mod players;
pub mod post_list;
pub mod post_meta;
pub mod post_title;
pub mod problems;
pub mod reading_progress;
pub mod related_posts;
pub mod route_announcer;
pub mod scroll_memory;
pub mod scroll_watch;
pub mod scrollable_regions;
pub mod search_box;
pub mod series_box;
pub mod sharing;
pub mod status;
pub mod table_of_contents;
pub mod tag_filter_bar;
pub mod tag_list;
pub mod theme_toggle;
