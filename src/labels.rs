//! The five labels of `GUIDELINES.md` and small sets of them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One crime label, named as in the guideline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// Scams and fraud of every kind.
    Fraud,
    /// Gambling of any kind named in the story.
    Gambling,
    /// Narcotics, controlled substances and precursors.
    Drugs,
    /// Firearms, ammunition, explosives and shootings.
    Firearms,
    /// Moving people or goods illegally across a border, and trafficking in persons.
    Smuggling,
}

impl Label {
    /// All labels, in alphabetical order (the order output uses).
    pub const ALL: [Label; 5] = [Label::Drugs, Label::Firearms, Label::Fraud, Label::Gambling, Label::Smuggling];

    /// The guideline's name of the label.
    pub fn name(self) -> &'static str {
        match self {
            Label::Fraud => "fraud",
            Label::Gambling => "gambling",
            Label::Drugs => "drugs",
            Label::Firearms => "firearms",
            Label::Smuggling => "smuggling",
        }
    }

    /// The label with this guideline name.
    pub fn from_name(name: &str) -> Option<Label> {
        Label::ALL.into_iter().find(|l| l.name() == name)
    }

    /// Position in [`Label::ALL`].
    pub fn index(self) -> usize {
        Label::ALL.iter().position(|&l| l == self).unwrap_or(0)
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of labels, as a bit mask over [`Label::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct LabelSet(u8);

impl LabelSet {
    /// The empty set.
    pub const EMPTY: LabelSet = LabelSet(0);

    /// Whether `label` is in the set.
    pub fn contains(self, label: Label) -> bool {
        self.0 & (1 << label.index()) != 0
    }

    /// Adds `label`.
    pub fn insert(&mut self, label: Label) {
        self.0 |= 1 << label.index();
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Number of labels in the set.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The union of two sets.
    pub fn union(self, other: LabelSet) -> LabelSet {
        LabelSet(self.0 | other.0)
    }

    /// The intersection of two sets.
    pub fn intersection(self, other: LabelSet) -> LabelSet {
        LabelSet(self.0 & other.0)
    }

    /// Whether every label of `self` is in `other`.
    pub fn is_subset(self, other: LabelSet) -> bool {
        self.0 & !other.0 == 0
    }

    /// The labels, in alphabetical order.
    pub fn iter(self) -> impl Iterator<Item = Label> {
        Label::ALL.into_iter().filter(move |&l| self.contains(l))
    }
}

impl FromIterator<Label> for LabelSet {
    fn from_iter<I: IntoIterator<Item = Label>>(iter: I) -> Self {
        let mut set = LabelSet::EMPTY;
        for label in iter {
            set.insert(label);
        }
        set
    }
}

impl Serialize for LabelSet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for LabelSet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Vec::<Label>::deserialize(deserializer)?.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_serialize_sorted_and_round_trip() {
        let set: LabelSet = [Label::Smuggling, Label::Drugs].into_iter().collect();
        let json = serde_json::to_string(&set).unwrap();
        assert_eq!(json, r#"["drugs","smuggling"]"#);
        assert_eq!(serde_json::from_str::<LabelSet>(&json).unwrap(), set);
        assert!(serde_json::from_str::<LabelSet>(r#"["murder"]"#).is_err());
    }

    #[test]
    fn set_algebra() {
        let a: LabelSet = [Label::Fraud, Label::Gambling].into_iter().collect();
        let b: LabelSet = [Label::Fraud].into_iter().collect();
        assert!(b.is_subset(a) && !a.is_subset(b));
        assert_eq!(a.intersection(b), b);
        assert_eq!(a.union(b).len(), 2);
    }
}
