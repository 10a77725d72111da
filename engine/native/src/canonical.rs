//! One canonical encoding for every hash: JSON with object keys sorted at every depth, compact, UTF-8, then
//! SHA-256. (serde_json keeps insertion order here, as another crate in the build enables `preserve_order`, so the
//! keys are sorted explicitly.)

use serde_json::Value;
use sha2::{Digest, Sha256};

/// Bumped whenever what is hashed, or how, changes: hashes from two normaliser versions are not comparable.
/// v1: sorted-key compact JSON; data roots masked; file modification times dropped; proto maps sorted via JSON;
/// Substrait extension declarations sorted by anchor.
pub const NORMALIZER_VERSION: u32 = 1;

pub fn canonical_json(value: &Value) -> String {
    serde_json::to_string(&sorted(value)).expect("a serde_json Value always serialises")
}

/// A copy of `value` whose objects list their keys in sorted order.
pub fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            Value::Object(keys.into_iter().map(|k| (k.clone(), sorted(&map[k]))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

pub fn hash_value(value: &Value) -> String {
    sha256_hex(canonical_json(value).as_bytes())
}

pub fn hash_text(text: &str) -> String {
    sha256_hex(text.as_bytes())
}

/// Removes object members with these names at any depth (e.g. file modification times, which differ between two
/// copies of the same data and say nothing about the plan).
pub fn drop_keys(value: &mut Value, names: &[&str]) {
    match value {
        Value::Object(map) => {
            map.retain(|k, _| !names.contains(&k.as_str()));
            map.values_mut().for_each(|v| drop_keys(v, names));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| drop_keys(v, names)),
        _ => {}
    }
}

/// Replaces the values of members named `key` by their order of first appearance (0, 1, ...), walking objects in
/// sorted key order so the numbering is itself canonical.
pub fn renumber(value: &mut Value, key: &str, seen: &mut std::collections::HashMap<String, usize>) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<String> = map.keys().cloned().collect();
            keys.sort();
            for k in keys {
                let child = map.get_mut(&k).expect("key just listed");
                if k == key && !child.is_object() && !child.is_array() {
                    let next = seen.len();
                    let id = *seen.entry(child.to_string()).or_insert(next);
                    *child = Value::String(id.to_string());
                } else {
                    renumber(child, key, seen);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| renumber(v, key, seen)),
        _ => {}
    }
}

/// Applies `f` to every string at any depth (used to mask data roots inside serialized plans).
pub fn map_strings(value: &mut Value, f: &dyn Fn(&str) -> String) {
    match value {
        Value::String(s) => *s = f(s),
        Value::Object(map) => map.values_mut().for_each(|v| map_strings(v, f)),
        Value::Array(items) => items.iter_mut().for_each(|v| map_strings(v, f)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn key_order_does_not_change_the_hash() {
        let a: Value = serde_json::from_str(r#"{"b":1,"a":{"y":2,"x":[1,2]}}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"a":{"x":[1,2],"y":2},"b":1}"#).unwrap();
        assert_eq!(hash_value(&a), hash_value(&b));
        assert_eq!(canonical_json(&a), r#"{"a":{"x":[1,2],"y":2},"b":1}"#);
    }

    #[test]
    fn array_order_does_change_the_hash() {
        assert_ne!(hash_value(&json!([1, 2])), hash_value(&json!([2, 1])));
    }

    #[test]
    fn dropped_keys_vanish_at_depth() {
        let mut v = json!({"files": [{"path": "a", "last_modified": 5}]});
        drop_keys(&mut v, &["last_modified"]);
        assert_eq!(v, json!({"files": [{"path": "a"}]}));
    }

    #[test]
    fn renumbering_keeps_sharing_but_not_numbers() {
        let mut a = json!({"x": {"exprId": "7"}, "y": {"exprId": "7"}, "z": {"exprId": "9"}});
        let mut b = json!({"x": {"exprId": "3"}, "y": {"exprId": "3"}, "z": {"exprId": "4"}});
        renumber(&mut a, "exprId", &mut Default::default());
        renumber(&mut b, "exprId", &mut Default::default());
        assert_eq!(a, b);
        assert_eq!(a["z"]["exprId"], json!("1"));
    }

    #[test]
    fn sha256_matches_a_known_vector() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
