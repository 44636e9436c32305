//! Stage 3, tokenize: sentence text → words → WordPiece token ids.
//!
//! Words come from a fast scan of our own ([`for_each_word`]): lower-cased letter runs,
//! one token per CJK character, `<num>` for any number, and currency and percent
//! signs kept as tokens. Each word is then split by a WordPiece model from the
//! `tokenizers` crate, trained on our corpus and saved in the model bundle, so an
//! unseen word ("nitazene") still shares pieces with ones it knows (the
//! vocabulary is counted by [`Tokenizer::train`]; see there why). Pieces are
//! cached per thread, since the same words recur on every page.
//! Next stage: [`crate::featurize`].

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};

use ahash::AHashMap;
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;
use tokenizers::models::wordpiece::WordPiece;
use tokenizers::Model;

use crate::error::{Error, Result};
use crate::hash::{fnv1a, FNV_OFFSET};
use crate::text::Span;

/// The token every number becomes.
pub const NUMBER_TOKEN: &str = "<num>";
/// The token for words the vocabulary cannot spell.
pub const UNKNOWN_TOKEN: &str = "[UNK]";

/// Longest piece, in characters, the vocabulary builder considers.
const MAX_PIECE_CHARS: usize = 6;

/// Words cached per thread before the cache is cleared, to keep memory flat.
const CACHE_LIMIT: usize = 50_000;
/// Slots of the small front cache of recent words (about 256 KB, so it stays
/// in the CPU's L2 cache); a power of two.
const RECENT_SLOTS: usize = 4_096;

/// Calls `f` with the span and normalised form of each word of `text`, in
/// order, without allocating per word (the hot path of tagging). ASCII text,
/// nearly all of it, takes a byte-wise path; other characters go through the
/// Unicode tables.
pub fn for_each_word(text: &str, mut f: impl FnMut(Span, &str)) {
    let bytes = text.as_bytes();
    let mut form = String::new();
    let mut at = 0;
    while at < bytes.len() {
        let c = if bytes[at].is_ascii() { char::from(bytes[at]) } else { char_at(text, at) };
        let start = at;
        at += c.len_utf8();
        if c.is_numeric() {
            while at < bytes.len() {
                let c = char_at(text, at);
                let joins = matches!(c, ',' | '.') && bytes.get(at + 1).is_some_and(u8::is_ascii_digit);
                if !(c.is_numeric() || joins) {
                    break;
                }
                at += c.len_utf8();
            }
            f(Span::new(start, at), NUMBER_TOKEN);
        } else if is_cjk(c) || matches!(c, '$' | '€' | '£' | '¥' | '₱' | '฿' | '₹' | '₦' | '%') {
            f(Span::new(start, at), &text[start..at]);
        } else if c.is_alphabetic() {
            form.clear();
            form.extend(c.to_lowercase());
            while at < bytes.len() {
                let b = bytes[at];
                if b.is_ascii_alphanumeric() {
                    form.push(char::from(b.to_ascii_lowercase()));
                    at += 1;
                } else if !b.is_ascii() && is_word_char(char_at(text, at)) {
                    let c = char_at(text, at);
                    form.extend(c.to_lowercase());
                    at += c.len_utf8();
                } else {
                    break;
                }
            }
            f(Span::new(start, at), &form);
        }
    }
}

/// The character starting at byte `at` (a char boundary inside `text`).
fn char_at(text: &str, at: usize) -> char {
    text[at..].chars().next().unwrap_or('\0')
}

/// Whether `c` continues a word: letters (not CJK, each of which is a word) and ASCII digits.
fn is_word_char(c: char) -> bool {
    (c.is_alphabetic() || c.is_ascii_digit()) && !is_cjk(c)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// A WordPiece vocabulary and model, trained on the corpus.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tokenizer {
    model: WordPiece,
    #[serde(skip, default = "new_cache_id")]
    generation: u64,
}

/// A process-unique id, never 0, for the owner of per-thread cache entries
/// (a tokenizer's pieces, a tagger's sentences), so entries made for one model
/// are never read for another.
pub(crate) fn new_cache_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// What the cache keeps per word: its piece ids and a hash of them.
#[derive(Debug, Clone)]
pub struct Pieces {
    /// WordPiece ids of the word (held inline for the usual few pieces).
    pub ids: SmallVec<[u32; 4]>,
    /// A stable hash of `ids`, identifying the word.
    pub hash: u64,
}

/// Longest word, in bytes, the piece cache keeps.
const CACHED_WORD_BYTES: usize = 23;

/// A word held inline as a cache key, so a look-up reads one table slot and
/// no heap memory (a cache of `String`s cost a memory stall per word). The
/// bytes are packed in three words, zero-padded, the length in the last byte,
/// so hashing and comparing are three word operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CacheKey([u64; 3]);

impl CacheKey {
    /// The key of `word`, if it is short enough to cache.
    fn of(word: &str) -> Option<Self> {
        let mut bytes = [0; CACHED_WORD_BYTES + 1];
        bytes.get_mut(..word.len())?.copy_from_slice(word.as_bytes());
        bytes[CACHED_WORD_BYTES] = word.len() as u8;
        let eight_bytes = |i: usize| u64::from_le_bytes(bytes[8 * i..8 * i + 8].try_into().unwrap_or_default());
        Some(CacheKey([eight_bytes(0), eight_bytes(1), eight_bytes(2)]))
    }

    /// The three words folded into one; the hash tables mix it further.
    fn folded(&self) -> u64 {
        self.0[0] ^ self.0[1].rotate_left(21) ^ self.0[2].rotate_left(42)
    }

    /// The key's slot in the front cache.
    fn slot(&self) -> usize {
        (self.folded().wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize % RECENT_SLOTS
    }
}

impl std::hash::Hash for CacheKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // One word: the hasher's per-call cost outweighed the mixing.
        state.write_u64(self.folded());
    }
}

/// A thread's word → pieces caches, for the tokenizer of `generation`. Looked
/// up alone, the large hash table stalled on memory for most words; the
/// small direct-mapped one in front keeps the frequent words close, and a
/// word there is overwritten only by another that falls in its slot.
struct PieceCache {
    generation: u64,
    recent: Vec<Option<(CacheKey, Pieces)>>,
    all: AHashMap<CacheKey, Pieces>,
}

impl PieceCache {
    fn new(generation: u64) -> Self {
        PieceCache { generation, recent: vec![None; RECENT_SLOTS], all: AHashMap::new() }
    }

    /// The pieces of `form` (whose key is `key`), from the caches or from `tokenizer`.
    fn get(&mut self, tokenizer: &Tokenizer, key: CacheKey, form: &str) -> &Pieces {
        let slot = &mut self.recent[key.slot()];
        if slot.as_ref().is_some_and(|(held, _)| *held != key) {
            *slot = None;
        }
        let all = &mut self.all;
        &slot.get_or_insert_with(|| (key, all.entry(key).or_insert_with(|| tokenizer.pieces_of(form)).clone())).1
    }
}

thread_local! {
    static PIECE_CACHE: RefCell<PieceCache> = RefCell::new(PieceCache::new(0));
}

impl Tokenizer {
    /// Trains a WordPiece vocabulary of at most `vocab_size` pieces on `texts`;
    /// a word is a piece of its own once it occurs `min_word_count` times.
    ///
    /// The pieces are counted here rather than by the `tokenizers` WordPiece
    /// trainer, whose merges break ties in hash-map order and so change from
    /// run to run. Candidates are whole words, word beginnings and `##`
    /// continuations of up to [`MAX_PIECE_CHARS`] characters, each weighted by
    /// how often its words occur; every single character is kept so no word
    /// falls to `[UNK]`, then whole words and then pieces, each ranked by
    /// count, then alphabetically.
    /// The `tokenizers` WordPiece model then splits words greedily, longest
    /// piece first, so a new word shares pieces with known ones.
    pub fn train<'a>(texts: impl Iterator<Item = &'a str>, vocab_size: usize, min_word_count: u64) -> Result<Self> {
        let mut word_counts: HashMap<String, u64> = HashMap::new();
        for text in texts {
            for_each_word(text, |_, form| *word_counts.entry(form.to_string()).or_default() += 1);
        }
        let mut piece_counts: HashMap<String, u64> = HashMap::new();
        let mut characters: BTreeSet<String> = BTreeSet::new();
        for (word, &count) in &word_counts {
            if word == NUMBER_TOKEN {
                continue;
            }
            let chars: Vec<(usize, char)> = word.char_indices().collect();
            let end_of = |k: usize| chars.get(k).map_or(word.len(), |&(at, _)| at);
            for (k, &(at, ch)) in chars.iter().enumerate() {
                let prefix = if k == 0 { "" } else { "##" };
                characters.insert(format!("{prefix}{ch}"));
                for len in 2..=MAX_PIECE_CHARS.min(chars.len() - k) {
                    *piece_counts.entry(format!("{prefix}{}", &word[at..end_of(k + len)])).or_default() += count;
                }
            }
            if count >= min_word_count {
                *piece_counts.entry(word.clone()).or_default() += count;
            }
        }
        // Whole words first (the features read them best), then pieces; each
        // by count, then alphabetically.
        let mut ranked: Vec<(bool, String, u64)> = piece_counts
            .into_iter()
            .filter(|(piece, count)| *count >= 2 && !characters.contains(piece))
            .map(|(piece, count)| (!word_counts.contains_key(&piece), piece, count))
            .collect();
        ranked.sort_by(|a, b| a.0.cmp(&b.0).then(b.2.cmp(&a.2)).then_with(|| a.1.cmp(&b.1)));
        let room = vocab_size.saturating_sub(2 + characters.len());
        let mut pieces: Vec<String> = characters.into_iter().chain(ranked.into_iter().take(room).map(|(_, piece, _)| piece)).collect();
        pieces.sort();
        let listing = [UNKNOWN_TOKEN.to_string(), NUMBER_TOKEN.to_string()].into_iter().chain(pieces).collect::<Vec<_>>().join("\n");
        let vocab = WordPiece::read_bytes(listing.as_bytes()).map_err(|e| Error::Train(format!("tokenizer: {e}")))?;
        let model = WordPiece::builder()
            .vocab(vocab)
            .unk_token(UNKNOWN_TOKEN.to_string())
            .continuing_subword_prefix("##".to_string())
            .build()
            .map_err(|e| Error::Train(format!("tokenizer: {e}")))?;
        Ok(Tokenizer { model, generation: new_cache_id() })
    }

    /// Number of pieces in the vocabulary.
    pub fn vocab_size(&self) -> usize {
        self.model.get_vocab_size()
    }

    /// The piece with id `id`, for explanations.
    pub fn piece(&self, id: u32) -> Option<String> {
        self.model.id_to_token(id)
    }

    /// Calls `f` with each word of `text` (see [`for_each_word`]) and its
    /// pieces, taking the thread's cache once for the whole text.
    pub fn for_each_word_pieces(&self, text: &str, mut f: impl FnMut(&str, &Pieces)) {
        PIECE_CACHE.with(|cell| {
            let mut cache = cell.borrow_mut();
            if cache.generation != self.generation || cache.all.len() >= CACHE_LIMIT {
                *cache = PieceCache::new(self.generation);
            }
            for_each_word(text, |_, form| match CacheKey::of(form) {
                Some(key) => f(form, cache.get(self, key, form)),
                None => f(form, &self.pieces_of(form)),
            });
        })
    }

    /// The pieces of one word, without the cache.
    pub fn pieces_of(&self, word: &str) -> Pieces {
        let ids = self.pieces_uncached(word);
        let hash = ids.iter().fold(FNV_OFFSET, |h, &id| fnv1a(h, &u64::from(id).to_le_bytes()));
        Pieces { ids, hash }
    }

    fn pieces_uncached(&self, word: &str) -> SmallVec<[u32; 4]> {
        match self.model.tokenize(word) {
            Ok(tokens) => tokens.into_iter().map(|t| t.id).collect(),
            Err(_) => self.model.token_to_id(UNKNOWN_TOKEN).into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_word(text, |_, form| out.push(form.to_string()));
        out
    }

    #[test]
    fn words_lowercase_numbers_and_symbols() {
        assert_eq!(
            forms("Police seized 1,190.5 kg of Shabu worth $2m (40%)."),
            vec!["police", "seized", "<num>", "kg", "of", "shabu", "worth", "$", "<num>", "m", "<num>", "%"]
        );
        assert_eq!(forms("缴获毒品12公斤"), vec!["缴", "获", "毒", "品", "<num>", "公", "斤"]);
        assert!(forms("").is_empty());
    }

    #[test]
    fn word_spans_slice_the_text() {
        let text = "Über 3.5 Tonnen Kokain, sagte sie.";
        for_each_word(text, |span, form| {
            let slice = span.slice(text);
            assert!(form == NUMBER_TOKEN || slice.to_lowercase() == form, "{slice} vs {form}");
        });
    }

    #[test]
    fn trained_tokenizer_splits_unseen_words_into_known_pieces() {
        let texts = ["methamphetamine methadone meth", "amphetamine methamphetamine seized", "cocaine cocaine heroin"];
        let tok = Tokenizer::train(texts.iter().copied().cycle().take(60), 200, 2).unwrap();
        let known = tok.pieces_of("methamphetamine").ids;
        assert!(!known.is_empty());
        let unseen = tok.pieces_of("methcathinone").ids;
        assert!(unseen.len() > 1, "an unseen word is spelled from several pieces");
        let unk = tok.model.token_to_id(UNKNOWN_TOKEN).unwrap();
        assert_ne!(unseen[0], unk);
    }
}
