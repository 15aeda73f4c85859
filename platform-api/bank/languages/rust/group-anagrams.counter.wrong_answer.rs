use std::collections::BTreeMap;

// Returns the groups ordered by their sorted letters instead of by first appearance.
fn solution(words: Vec<String>) -> Vec<Vec<String>> {
    let mut groups: BTreeMap<Vec<u8>, Vec<String>> = BTreeMap::new();
    for word in words {
        let mut key = word.clone().into_bytes();
        key.sort_unstable();
        groups.entry(key).or_default().push(word);
    }
    groups.into_values().collect()
}
