//! The page's address: the URL hash holds the shared settings of a link.

/// The current URL hash (`#...`), or empty.
pub fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}
