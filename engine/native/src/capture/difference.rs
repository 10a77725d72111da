//! Where two canonical forms of one plan differ: the first few differing leaves, found by walking both JSON values
//! side by side (object keys in sorted order, array items by index), as `{"path": <JSON pointer>, "before", "after"}`
//! (`null` for a side where the path is absent). A round trip that `differs` records these, so a reader sees what
//! changed, not only that something did. Bounded: at most `MAX_DIFFERENCES` entries, an explicit stack (no
//! recursion on deep plans), long values cut to `MAX_VALUE_CHARS`.

use crate::canonical::canonical_json;
use serde_json::{json, Value};

pub const MAX_DIFFERENCES: usize = 5;
pub const MAX_VALUE_CHARS: usize = 300;

/// The first differing leaves of `before` and `after`, in document order.
pub fn first_differences(before: &Value, after: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    // Pending pairs, the next to look at on top; `None` is a side where the path is absent.
    let mut stack: Vec<(String, Option<&Value>, Option<&Value>)> = vec![(String::new(), Some(before), Some(after))];
    while let Some((path, a, b)) = stack.pop() {
        if out.len() >= MAX_DIFFERENCES {
            break;
        }
        match (a, b) {
            (Some(Value::Object(x)), Some(Value::Object(y))) => {
                let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
                keys.sort_unstable();
                keys.dedup();
                for key in keys.into_iter().rev() {
                    stack.push((format!("{path}/{}", escape(key)), x.get(key), y.get(key)));
                }
            }
            (Some(Value::Array(x)), Some(Value::Array(y))) => {
                for i in (0..x.len().max(y.len())).rev() {
                    stack.push((format!("{path}/{i}"), x.get(i), y.get(i)));
                }
            }
            (a, b) if a != b => out.push(json!({ "path": path, "before": shown(a), "after": shown(b) })),
            _ => {}
        }
    }
    out
}

/// RFC 6901 escaping of one pointer segment.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// A value as recorded: itself, or, when its canonical text is longer than `MAX_VALUE_CHARS`, that text cut with a
/// marker saying how long it was.
fn shown(value: Option<&Value>) -> Value {
    let Some(value) = value else { return Value::Null };
    let text = match value {
        Value::String(s) => s.clone(),
        other => canonical_json(other),
    };
    let chars = text.chars().count();
    if chars <= MAX_VALUE_CHARS {
        return value.clone();
    }
    let cut: String = text.chars().take(MAX_VALUE_CHARS).collect();
    Value::String(format!("{cut}… (truncated, {chars} chars)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_have_no_difference() {
        let v = json!({"a": [1, {"b": "x"}], "c": null});
        assert!(first_differences(&v, &v.clone()).is_empty());
    }

    #[test]
    fn names_differing_leaves_by_pointer_in_document_order() {
        let before = json!({"z": 1, "a": {"k/1": "x", "same": true}, "list": [1, 2]});
        let after = json!({"z": 2, "a": {"k/1": "y", "same": true}, "list": [1, 3, 4]});
        assert_eq!(
            first_differences(&before, &after),
            vec![
                json!({"path": "/a/k~11", "before": "x", "after": "y"}),
                json!({"path": "/list/1", "before": 2, "after": 3}),
                json!({"path": "/list/2", "before": null, "after": 4}),
                json!({"path": "/z", "before": 1, "after": 2}),
            ]
        );
    }

    #[test]
    fn a_missing_key_or_a_changed_type_is_one_difference_with_the_whole_value() {
        let before = json!({"a": {"x": 1}});
        let after = json!({"a": [1], "b": {"y": 2}});
        assert_eq!(
            first_differences(&before, &after),
            vec![
                json!({"path": "/a", "before": {"x": 1}, "after": [1]}),
                json!({"path": "/b", "before": null, "after": {"y": 2}}),
            ]
        );
    }

    #[test]
    fn stops_after_the_first_few_and_cuts_long_values() {
        let before = json!((0..20).collect::<Vec<_>>());
        let after = json!((100..120).collect::<Vec<_>>());
        let found = first_differences(&before, &after);
        assert_eq!(found.len(), MAX_DIFFERENCES);
        assert_eq!(found[4]["path"], "/4");

        let long = "x".repeat(1000);
        let found = first_differences(&json!({"s": long}), &json!({"s": "short"}));
        let cut = found[0]["before"].as_str().unwrap();
        assert!(cut.starts_with(&"x".repeat(MAX_VALUE_CHARS)) && cut.ends_with("(truncated, 1000 chars)"), "{cut}");
        assert_eq!(found[0]["after"], "short");
    }

    #[test]
    fn deep_values_do_not_recurse() {
        let (mut a, mut b) = (json!(1), json!(2));
        for _ in 0..2_000 {
            a = json!({ "input": a });
            b = json!({ "input": b });
        }
        let found = first_differences(&a, &b);
        assert_eq!(found.len(), 1);
        assert!(found[0]["path"].as_str().unwrap().ends_with("/input"));
    }
}
