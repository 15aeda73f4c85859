use std::collections::HashMap;

fn solution(words: Vec<String>) -> Vec<Vec<String>> {
    let mut index: HashMap<Vec<u8>, usize> = HashMap::new();
    let mut groups: Vec<Vec<String>> = Vec::new();
    for word in words {
        let mut key = word.clone().into_bytes();
        key.sort_unstable();
        let next = groups.len();
        let i = *index.entry(key).or_insert(next);
        if i == next {
            groups.push(Vec::new());
        }
        groups[i].push(word);
    }
    groups
}
