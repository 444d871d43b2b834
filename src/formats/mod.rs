//! File formats, pure: IDX images and labels (plain or gzip), gzip framing,
//! the data manifest, and base64 for LocalStorage. They name nothing above
//! [`crate::core`].

pub mod base64;
pub mod gzip;
pub mod idx;
pub mod manifest;
