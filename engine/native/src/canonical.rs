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
    serde_json::to_string(&Sorted(value)).expect("a serde_json Value always serialises")
}

/// Serialises a `Value` with object keys in sorted order, straight to the output: the same bytes as serialising a
/// sorted copy, without building the copy (canonical forms of large plans are on every capture's path).
struct Sorted<'a>(&'a Value);

impl serde::Serialize for Sorted<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.0 {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort_unstable();
                let mut out = serializer.serialize_map(Some(keys.len()))?;
                for k in keys {
                    out.serialize_entry(k, &Sorted(&map[k]))?;
                }
                out.end()
            }
            Value::Array(items) => {
                let mut out = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    out.serialize_element(&Sorted(item))?;
                }
                out.end()
            }
            scalar => scalar.serialize(serializer),
        }
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 15) as usize] as char);
    }
    out
}

pub fn hash_value(value: &Value) -> String {
    sha256_hex(canonical_json(value).as_bytes())
}

pub fn hash_text(text: &str) -> String {
    sha256_hex(text.as_bytes())
}

/// What [`normalise_in_place`] does to a serialized plan, in one walk.
pub struct Normalisation<'a> {
    /// Object members removed at any depth.
    pub drop: &'a [&'a str],
    /// Members whose scalar values are replaced by their order of first appearance (0, 1, ...), numbered in sorted
    /// key order so the numbering is itself canonical: which nodes share an id is kept, not its number.
    pub renumber: &'a str,
    /// Applied to every string; `None` leaves it unchanged.
    pub map_string: &'a dyn Fn(&str) -> Option<String>,
}

/// Drops, renumbers and maps in one walk, sorting each object's keys in place (the map keeps insertion order, so a
/// sorted map is walked in sorted order without copying keys). Serialized plans are large and normalised on every
/// capture.
pub fn normalise_in_place(value: &mut Value, n: &Normalisation, seen: &mut std::collections::HashMap<String, usize>) {
    match value {
        Value::Object(map) => {
            map.retain(|k, _| !n.drop.contains(&k.as_str()));
            map.sort_keys();
            for (k, child) in map.iter_mut() {
                if k == n.renumber && !child.is_object() && !child.is_array() {
                    let next = seen.len();
                    let id = *seen.entry(child.to_string()).or_insert(next);
                    *child = Value::String(id.to_string());
                } else {
                    normalise_in_place(child, n, seen);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| normalise_in_place(v, n, seen)),
        Value::String(s) => {
            if let Some(changed) = (n.map_string)(s) {
                *s = changed;
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A copy of `value` whose objects list their keys in sorted order.
    fn sorted(value: &Value) -> Value {
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

    #[test]
    fn key_order_does_not_change_the_hash() {
        let a: Value = serde_json::from_str(r#"{"b":1,"a":{"y":2,"x":[1,2]}}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"a":{"x":[1,2],"y":2},"b":1}"#).unwrap();
        assert_eq!(hash_value(&a), hash_value(&b));
        assert_eq!(canonical_json(&a), r#"{"a":{"x":[1,2],"y":2},"b":1}"#);
    }

    #[test]
    fn streaming_sorted_output_equals_sorting_a_copy() {
        let v: Value = serde_json::from_str(r#"{"z":[{"b":"\u00e9\"","a":null}],"a":{"d":1.5,"c":[true,{"y":1,"x":2}]}}"#).unwrap();
        assert_eq!(canonical_json(&v), serde_json::to_string(&sorted(&v)).unwrap());
    }

    #[test]
    fn array_order_does_change_the_hash() {
        assert_ne!(hash_value(&json!([1, 2])), hash_value(&json!([2, 1])));
    }

    fn normalise(text: &str) -> Value {
        let mut v: Value = serde_json::from_str(text).unwrap();
        let mask = |s: &str| s.strip_prefix("/r/").map(|rest| format!("$R/{rest}"));
        let n = Normalisation { drop: &["lastModified"], renumber: "exprId", map_string: &mask };
        normalise_in_place(&mut v, &n, &mut Default::default());
        v
    }

    #[test]
    fn dropped_keys_vanish_at_depth_and_strings_are_mapped() {
        let v = normalise(r#"{"files": [{"path": "/r/a", "lastModified": 5}], "other": "/s/b"}"#);
        assert_eq!(v, json!({"files": [{"path": "$R/a"}], "other": "/s/b"}));
    }

    #[test]
    fn renumbering_keeps_sharing_but_not_numbers() {
        let a = normalise(r#"{"x": {"exprId": "7"}, "y": {"exprId": "7"}, "z": {"exprId": "9"}}"#);
        let b = normalise(r#"{"x": {"exprId": "3"}, "y": {"exprId": "3"}, "z": {"exprId": "4"}}"#);
        assert_eq!(a, b);
        assert_eq!(a["z"]["exprId"], json!("1"));
        assert_eq!(canonical_json(&a), serde_json::to_string(&a).unwrap(), "keys are sorted in place");
    }

    #[test]
    fn sha256_matches_a_known_vector() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
