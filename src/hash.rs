//! FNV-1a, a hash that never changes between builds or platforms: used where
//! a hash is stored (feature keys in a bundle) or decides a split (dev set, folds).

/// FNV-1a over `bytes`, continuing from `state` (start with [`FNV_OFFSET`]).
pub fn fnv1a(state: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(state, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The FNV-1a starting state.
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a of a string.
pub fn hash_str(text: &str) -> u64 {
    fnv1a(FNV_OFFSET, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        assert_eq!(hash_str(""), FNV_OFFSET);
        assert_eq!(hash_str("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
