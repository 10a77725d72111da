//! The plan tree: the final optimized logical plan and the final physical plan as data (operator, its own
//! properties, children), so clients compare plans node by node instead of diffing EXPLAIN text.
//!
//! Each plan is stored flat, `{"nodes": [{"op", "props", "children": [indices]}]}` in pre-order with the root first:
//! a plan may be thousands of operators deep, and JSON nested that deep exceeds the nesting limits of Jackson, of
//! Python's `json` and of PostgreSQL's parser, which read the component after us.
//!
//! Walks recursively: it runs on the capturing thread, inside the planning stack (`ffi::on_planning_stack`), which
//! holds plans up to the profile's depth limit; it must not move to a helper task (tokio's stacks are small).

use crate::canonical::hash_value;
use crate::roots::DataRoots;
use datafusion::datasource::physical_plan::FileScanConfig;
use datafusion::datasource::source::DataSourceExec;
use datafusion::logical_expr::{Distinct, FetchType, LogicalPlan, SkipType};
use datafusion::physical_plan::statistics::{StatisticsArgs, StatisticsContext};
use datafusion::physical_plan::{DisplayFormatType, ExecutionPlan};
use serde_json::{json, Map, Value};
use std::fmt::Display;
use std::sync::Arc;

/// Bumped when a node's shape or the meaning of a prop changes.
const VERSION: u64 = 1;

/// The component and its hash (`plan_tree_hash`, over the document without it).
pub fn component(
    logical: &LogicalPlan,
    physical: &Arc<dyn ExecutionPlan>,
    show_statistics: bool,
    roots: &DataRoots,
) -> (Value, String) {
    let mut walk = Walk { roots, statistics: show_statistics.then(StatisticsContext::new), nodes: Vec::new() };
    walk.logical(logical);
    let logical_nodes = std::mem::take(&mut walk.nodes);
    walk.physical(physical.as_ref());
    let body = json!({
        "version": VERSION,
        "logical": { "nodes": logical_nodes },
        "physical": { "nodes": walk.nodes },
    });
    let hash = hash_value(&body);
    let mut component = body;
    component["plan_tree_hash"] = Value::String(hash.clone());
    (component, hash)
}

struct Walk<'a> {
    roots: &'a DataRoots,
    /// Present only when the session shows statistics (`datafusion.explain.show_statistics`): one context for the
    /// whole walk, so each node's statistics build on its children's instead of recomputing the subtree.
    statistics: Option<StatisticsContext>,
    /// The plan being walked, in pre-order: a node takes its index before its children do.
    nodes: Vec<Value>,
}

/// A node's props as they are collected; empty values are left out (absent and empty say the same).
#[derive(Default)]
struct Props(Map<String, Value>);

impl Props {
    fn text(&mut self, key: &str, value: impl Display) {
        let text = value.to_string();
        if !text.is_empty() {
            self.0.insert(key.into(), Value::String(text));
        }
    }

    fn list<T: Display>(&mut self, key: &str, items: impl IntoIterator<Item = T>) {
        let items: Vec<Value> = items.into_iter().map(|i| Value::String(i.to_string())).collect();
        if !items.is_empty() {
            self.0.insert(key.into(), Value::Array(items));
        }
    }

    fn value(&mut self, key: &str, value: Value) {
        let empty = match &value {
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            Value::Null => true,
            _ => false,
        };
        if !empty {
            self.0.insert(key.into(), value);
        }
    }
}

impl Walk<'_> {
    /// Reserves the next pre-order index for a node whose children are still to be walked.
    fn reserve(&mut self) -> usize {
        self.nodes.push(Value::Null);
        self.nodes.len() - 1
    }

    /// A node at its reserved index; every string of its props passes the data-roots mask (paths in scans, literals
    /// that name files).
    fn node(&mut self, index: usize, op: &str, mut props: Props, children: Vec<usize>) -> usize {
        for value in props.0.values_mut() {
            self.mask(value);
        }
        self.nodes[index] = json!({ "op": op, "props": Value::Object(props.0), "children": children });
        index
    }

    fn mask(&self, value: &mut Value) {
        match value {
            Value::String(s) => {
                if let Some(masked) = self.roots.mask_if_needed(s) {
                    *s = masked;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.mask(v)),
            _ => {}
        }
    }

    /// Children in the order the indent rendering shows them: subqueries in the node's expressions first (as
    /// `Subquery` nodes), then the inputs (`LogicalPlan::visit_with_subqueries`).
    fn logical(&mut self, plan: &LogicalPlan) -> usize {
        let index = self.reserve();
        let (op, props) = logical_props(plan);
        let mut children = Vec::new();
        let _ = plan.apply_subqueries(|subquery| {
            children.push(self.logical(subquery));
            Ok(datafusion::common::tree_node::TreeNodeRecursion::Continue)
        });
        for input in plan.inputs() {
            children.push(self.logical(input));
        }
        self.node(index, &op, props, children)
    }

    fn physical(&mut self, plan: &dyn ExecutionPlan) -> usize {
        let index = self.reserve();
        let mut props = Props(physical_text_props(plan.name(), &default_text(plan)));
        file_counts(plan, &mut props);
        let properties = plan.properties();
        props.text("partitioning", properties.output_partitioning());
        if let Some(ordering) = properties.output_ordering() {
            props.list("ordering", ordering.iter());
        }
        if let Some(context) = &self.statistics {
            if let Ok(stats) = context.compute(plan, &StatisticsArgs::new()) {
                props.text("statistics", stats);
            }
        }
        let children = plan.children().into_iter().map(|c| self.physical(c.as_ref())).collect();
        self.node(index, plan.name(), props, children)
    }
}

/// The one-line `DisplayFormatType::Default` text of a node, as the indent rendering prints it.
fn default_text(plan: &dyn ExecutionPlan) -> String {
    struct OneLine<'a>(&'a dyn ExecutionPlan);
    impl Display for OneLine<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            self.0.fmt_as(DisplayFormatType::Default, f)
        }
    }
    OneLine(plan).to_string()
}

/// A scan's file groups and files as counts (the listing itself, with every path, is the plans' business, and
/// would make each node as long as the table is wide).
fn file_counts(plan: &dyn ExecutionPlan, props: &mut Props) {
    let Some(config) = plan.downcast_ref::<DataSourceExec>().and_then(|d| d.data_source().downcast_ref::<FileScanConfig>())
    else {
        return;
    };
    let files: usize = config.file_groups.iter().map(|g| g.len()).sum();
    props.value("file_groups", json!(config.file_groups.len()));
    props.value("files", json!(files));
}

/// Props from a node's one-line text, generically: after the first `": "`, top-level `", "`-separated segments;
/// `key=value` → props[key], anything else is the node's expression (`predicate` for FilterExec, whose predicate
/// prints without a key; `detail` when the node also prints an `expr=`, as SortExec's `TopK(fetch=N)` does).
fn physical_text_props(name: &str, text: &str) -> Map<String, Value> {
    let mut props = Map::new();
    let Some((_, rest)) = text.split_once(": ") else { return props };
    let mut bare = Vec::new();
    for segment in split_top_level(rest) {
        match key_value(segment) {
            Some((key, value)) => {
                if let Some(value) = scalar_or_list(value) {
                    props.insert(key.to_string(), value);
                }
            }
            None if !segment.is_empty() => bare.push(Value::String(segment.to_string())),
            None => {}
        }
    }
    if !bare.is_empty() {
        let key = if name == "FilterExec" {
            "predicate"
        } else if props.contains_key("expr") {
            "detail"
        } else {
            "expr"
        };
        let value = if bare.len() == 1 { bare.pop().unwrap_or_default() } else { Value::Array(bare) };
        props.insert(key.into(), value);
    }
    props
}

/// `ident=value` (an identifier, then `=` that is not `==`); else not a keyed segment.
fn key_value(segment: &str) -> Option<(&str, &str)> {
    let (key, value) = segment.split_once('=')?;
    let mut chars = key.chars();
    let first = chars.next()?;
    let ident = (first.is_ascii_alphabetic() || first == '_') && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    (ident && !value.starts_with('=')).then_some((key, value))
}

/// A bracketed list becomes an array of its top-level items; a plain integer or `true`/`false` becomes a number or
/// bool; the rest stays text. Empty values are absent.
fn scalar_or_list(value: &str) -> Option<Value> {
    if let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')).filter(|_| balanced_list(value)) {
        let items: Vec<Value> = split_top_level(inner).filter(|i| !i.is_empty()).map(|i| Value::String(i.into())).collect();
        return (!items.is_empty()).then_some(Value::Array(items));
    }
    if value.is_empty() {
        return None;
    }
    if value == "true" || value == "false" {
        return Some(Value::Bool(value == "true"));
    }
    let plain = value.bytes().all(|b| b.is_ascii_digit()) && (value == "0" || !value.starts_with('0'));
    match value.parse::<u64>() {
        Ok(n) if plain => Some(json!(n)),
        _ => Some(Value::String(value.into())),
    }
}

/// Whether the `[` that opens `value` is closed by its last character (`[a] + [b]` is not one list).
fn balanced_list(value: &str) -> bool {
    let mut depth = 0usize;
    let mut scanner = Scanner::default();
    for (i, c) in value.char_indices() {
        if !scanner.step(c) {
            continue;
        }
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 && i + c.len_utf8() != value.len() {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

/// Quote tracking shared by the splitter and the list check: brackets and separators inside quotes are text.
#[derive(Default)]
struct Scanner {
    quote: Option<char>,
}

impl Scanner {
    /// Advances over `c`; true when `c` is structural (outside quotes and not a quote itself).
    fn step(&mut self, c: char) -> bool {
        match self.quote {
            Some(q) if c == q => {
                self.quote = None;
                false
            }
            Some(_) => false,
            None if c == '\'' || c == '"' => {
                self.quote = Some(c);
                false
            }
            None => true,
        }
    }
}

/// Splits at `", "` outside ()[]{} and quotes.
fn split_top_level(text: &str) -> impl Iterator<Item = &str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    let mut scanner = Scanner::default();
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if !scanner.step(c) {
            continue;
        }
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 && bytes.get(i + 1) == Some(&b' ') => {
                parts.push(&text[start..i]);
                start = i + 2;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts.into_iter().map(str::trim)
}

/// The variant name and the node's own props (never its inputs').
fn logical_props(plan: &LogicalPlan) -> (String, Props) {
    let mut p = Props::default();
    let op = match plan {
        LogicalPlan::Projection(x) => {
            p.list("exprs", &x.expr);
            "Projection"
        }
        LogicalPlan::Filter(x) => {
            p.text("predicate", &x.predicate);
            "Filter"
        }
        LogicalPlan::Join(x) => {
            p.text("join_type", x.join_type);
            p.list("on", x.on.iter().map(|(l, r)| format!("{l} = {r}")));
            if let Some(filter) = &x.filter {
                p.text("filter", filter);
            }
            p.text("join_constraint", format!("{:?}", x.join_constraint));
            if x.null_equality != datafusion::common::NullEquality::NullEqualsNothing {
                p.text("null_equality", format!("{:?}", x.null_equality));
            }
            if x.null_aware {
                p.value("null_aware", Value::Bool(true));
            }
            "Join"
        }
        LogicalPlan::Aggregate(x) => {
            p.list("group_by", &x.group_expr);
            p.list("aggregates", &x.aggr_expr);
            "Aggregate"
        }
        LogicalPlan::Sort(x) => {
            p.list("exprs", &x.expr);
            if let Some(fetch) = x.fetch {
                p.value("fetch", json!(fetch));
            }
            "Sort"
        }
        LogicalPlan::Limit(x) => {
            match x.get_skip_type() {
                Ok(SkipType::Literal(0)) => {}
                Ok(SkipType::Literal(n)) => p.value("skip", json!(n)),
                _ => p.text("skip", x.skip.as_deref().map(ToString::to_string).unwrap_or_default()),
            }
            match x.get_fetch_type() {
                Ok(FetchType::Literal(Some(n))) => p.value("fetch", json!(n)),
                Ok(FetchType::Literal(None)) => {}
                _ => p.text("fetch", x.fetch.as_deref().map(ToString::to_string).unwrap_or_default()),
            }
            "Limit"
        }
        LogicalPlan::TableScan(x) => {
            p.text("table", &x.table_name);
            if x.projection.is_some() {
                p.list("projection", x.projected_schema.fields().iter().map(|f| f.name()));
            }
            p.list("filters", &x.filters);
            if let Some(fetch) = x.fetch {
                p.value("fetch", json!(fetch));
            }
            "TableScan"
        }
        LogicalPlan::SubqueryAlias(x) => {
            p.text("alias", &x.alias);
            "SubqueryAlias"
        }
        LogicalPlan::Window(x) => {
            p.list("window_exprs", &x.window_expr);
            "Window"
        }
        LogicalPlan::Repartition(_) => {
            // The scheme as the plan prints it (`Hash(a, b) partition_count=4`), without the operator's name.
            let text = plan.display().to_string();
            p.text("partitioning", text.strip_prefix("Repartition: ").unwrap_or(&text));
            "Repartition"
        }
        LogicalPlan::Distinct(Distinct::All(_)) => {
            p.value("all", Value::Bool(true));
            "Distinct"
        }
        LogicalPlan::Distinct(Distinct::On(x)) => {
            p.list("on", &x.on_expr);
            p.list("select", &x.select_expr);
            if let Some(sort) = &x.sort_expr {
                p.list("sort", sort);
            }
            "Distinct"
        }
        LogicalPlan::Values(x) => {
            let row = |r: &Vec<datafusion::logical_expr::Expr>| {
                format!("({})", r.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "))
            };
            p.list("rows", x.values.iter().map(row));
            "Values"
        }
        LogicalPlan::EmptyRelation(x) => {
            p.value("produce_one_row", Value::Bool(x.produce_one_row));
            "EmptyRelation"
        }
        LogicalPlan::Extension(x) => {
            p.text("display", plan.display());
            return (x.node.name().to_string(), p);
        }
        other => {
            p.text("display", other.display());
            variant_name(other)
        }
    };
    (op.to_string(), p)
}

fn variant_name(plan: &LogicalPlan) -> &'static str {
    match plan {
        LogicalPlan::Projection(_) => "Projection",
        LogicalPlan::Filter(_) => "Filter",
        LogicalPlan::Window(_) => "Window",
        LogicalPlan::Aggregate(_) => "Aggregate",
        LogicalPlan::Sort(_) => "Sort",
        LogicalPlan::Join(_) => "Join",
        LogicalPlan::Repartition(_) => "Repartition",
        LogicalPlan::Union(_) => "Union",
        LogicalPlan::TableScan(_) => "TableScan",
        LogicalPlan::EmptyRelation(_) => "EmptyRelation",
        LogicalPlan::Subquery(_) => "Subquery",
        LogicalPlan::SubqueryAlias(_) => "SubqueryAlias",
        LogicalPlan::Limit(_) => "Limit",
        LogicalPlan::Statement(_) => "Statement",
        LogicalPlan::Values(_) => "Values",
        LogicalPlan::Explain(_) => "Explain",
        LogicalPlan::Analyze(_) => "Analyze",
        LogicalPlan::Extension(_) => "Extension",
        LogicalPlan::Distinct(_) => "Distinct",
        LogicalPlan::Dml(_) => "Dml",
        LogicalPlan::Ddl(_) => "Ddl",
        LogicalPlan::Copy(_) => "Copy",
        LogicalPlan::DescribeTable(_) => "DescribeTable",
        LogicalPlan::Unnest(_) => "Unnest",
        LogicalPlan::RecursiveQuery(_) => "RecursiveQuery",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        split_top_level(text).collect()
    }

    #[test]
    fn splits_only_at_top_level_separators() {
        assert_eq!(split("a=1, b=[x, y], c=f(p, q), d={1 group: [[u, v]]}"), ["a=1", "b=[x, y]", "c=f(p, q)", "d={1 group: [[u, v]]}"]);
        // Separators and brackets inside quotes are text, whichever quote is used.
        assert_eq!(split(r#"p=a = 'x, ]y', q="(, " , r=1"#), ["p=a = 'x, ]y'", r#"q="(, ""#, "r=1"]);
        // A comma without a space (inside a decimal type, say) does not separate.
        assert_eq!(split("t=Decimal128(15,2), u=2"), ["t=Decimal128(15,2)", "u=2"]);
    }

    #[test]
    fn keyed_segments_lists_and_bare_expressions_become_props() {
        let props = physical_text_props(
            "FilterExec",
            "FilterExec: l_shipdate@6 <= 1998-09-02 AND l_comment@1 = 'a=b, c', projection=[l_a@0, l_b@1], fetch=10",
        );
        assert_eq!(
            Value::Object(props),
            json!({
                "predicate": "l_shipdate@6 <= 1998-09-02 AND l_comment@1 = 'a=b, c'",
                "projection": ["l_a@0", "l_b@1"],
                "fetch": 10,
            })
        );
        let sort = physical_text_props("SortExec", "SortExec: TopK(fetch=10), expr=[a@0 DESC, b@1 ASC NULLS LAST], preserve_partitioning=[false]");
        assert_eq!(
            Value::Object(sort),
            json!({ "detail": "TopK(fetch=10)", "expr": ["a@0 DESC", "b@1 ASC NULLS LAST"], "preserve_partitioning": ["false"] })
        );
    }

    #[test]
    fn nested_lists_stay_whole_and_empty_values_are_absent() {
        let props = physical_text_props(
            "HashJoinExec",
            "HashJoinExec: mode=Partitioned, join_type=Inner, on=[(a@0, b@1), (c@2, d@3)], projection=[], x==y",
        );
        assert_eq!(
            Value::Object(props),
            json!({ "mode": "Partitioned", "join_type": "Inner", "on": ["(a@0, b@1)", "(c@2, d@3)"], "expr": "x==y" })
        );
        // Two lists side by side are one text, not a list; a node without ": " has no text props.
        assert_eq!(scalar_or_list("[a] + [b]"), Some(json!("[a] + [b]")));
        assert_eq!(scalar_or_list("007"), Some(json!("007")));
        assert_eq!(scalar_or_list("true"), Some(json!(true)));
        assert!(physical_text_props("UnionExec", "UnionExec").is_empty());
    }
}
