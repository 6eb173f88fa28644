//! The one content hash the publishing tool names files and ids by.

/// FNV-1a, 64 bits: stable across builds and machines. Written as 16 hex digits it
/// matches the build's own hashed names, so the cache rules treat fumi's files alike.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}
