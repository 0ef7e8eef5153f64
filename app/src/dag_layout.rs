//! Where each task of a pipeline goes when drawn: one column per dependency depth (a task sits one
//! column right of its deepest upstream task), tasks of a column stacked in definition order, and
//! one edge per `after` dependency. Pure geometry, so it is tested without a browser.

use hearth_core::pipeline::PipelineDefinition;

/// Width of a task's box.
pub const NODE_W: f64 = 112.0;
/// Height of a task's box.
pub const NODE_H: f64 = 50.0;
/// Horizontal space between columns (where the edges run).
const GAP_X: f64 = 30.0;
/// Vertical space between tasks of one column.
const GAP_Y: f64 = 16.0;
/// Space around the drawing.
const PAD: f64 = 6.0;

/// A task's box: top-left corner, its column (dependency depth) and row within the column.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Task name.
    pub task: String,
    /// Dependency depth: 0 for tasks without upstream.
    pub layer: usize,
    /// Position within its layer, in definition order.
    pub row: usize,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
}

/// A dependency `from` → `to`, drawn as an SVG path from the right of `from` to the left of `to`.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Upstream task.
    pub from: String,
    /// Downstream task.
    pub to: String,
    /// SVG path data.
    pub path: String,
}

/// The whole drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// One per task, in definition order.
    pub nodes: Vec<Node>,
    /// One per dependency.
    pub edges: Vec<Edge>,
    /// Width of the drawing.
    pub width: f64,
    /// Height of the drawing.
    pub height: f64,
}

impl Layout {
    /// Lays out `def`'s tasks by dependency depth. A definition is validated to be acyclic with
    /// known dependencies before it gets here; a dependency on an unknown or later task is ignored
    /// for the depth rather than looping.
    pub fn of(def: &PipelineDefinition) -> Self {
        let mut layers: Vec<usize> = Vec::with_capacity(def.tasks.len());
        for t in &def.tasks {
            let depth = t
                .after
                .iter()
                .filter_map(|a| def.tasks.iter().position(|u| &u.name == a))
                .filter(|&i| i < layers.len())
                .map(|i| layers[i] + 1)
                .max()
                .unwrap_or(0);
            layers.push(depth);
        }
        let columns = layers.iter().max().map_or(0, |m| m + 1);
        let mut per_layer = vec![0usize; columns];
        let nodes: Vec<Node> = def
            .tasks
            .iter()
            .zip(&layers)
            .map(|(t, &layer)| {
                let row = per_layer[layer];
                per_layer[layer] += 1;
                Node {
                    task: t.name.clone(),
                    layer,
                    row,
                    x: PAD + layer as f64 * (NODE_W + GAP_X),
                    y: PAD + row as f64 * (NODE_H + GAP_Y),
                }
            })
            .collect();
        let tallest = per_layer.iter().copied().max().unwrap_or(0);
        let edges = def
            .tasks
            .iter()
            .zip(&nodes)
            .flat_map(|(t, to)| {
                let nodes = &nodes;
                t.after.iter().filter_map(move |a| {
                    let from = nodes.iter().find(|n| &n.task == a)?;
                    Some(Edge { from: a.clone(), to: t.name.clone(), path: edge_path(from, to) })
                })
            })
            .collect();
        let span = |count: usize, size: f64, gap: f64| {
            if count == 0 {
                0.0
            } else {
                count as f64 * size + (count - 1) as f64 * gap
            }
        };
        Layout {
            nodes,
            edges,
            width: 2.0 * PAD + span(columns, NODE_W, GAP_X),
            height: 2.0 * PAD + span(tallest, NODE_H, GAP_Y),
        }
    }
}

/// A straight line between boxes on the same row, else an S-curve (cubic Bézier) between them.
fn edge_path(from: &Node, to: &Node) -> String {
    let (x1, y1) = (from.x + NODE_W, from.y + NODE_H / 2.0);
    let (x2, y2) = (to.x, to.y + NODE_H / 2.0);
    if (y1 - y2).abs() < f64::EPSILON {
        format!("M{x1} {y1} L{x2} {y2}")
    } else {
        let mid = (x1 + x2) / 2.0;
        format!("M{x1} {y1} C{mid} {y1} {mid} {y2} {x2} {y2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diamond() -> PipelineDefinition {
        PipelineDefinition::from_toml(
            r#"
            [pipeline]
            name = "diamond"
            [[tasks]]
            name = "a"
            uses = "ingest"
            [[tasks]]
            name = "b"
            uses = "validate"
            after = ["a"]
            [[tasks]]
            name = "c"
            uses = "validate"
            after = ["a"]
            [[tasks]]
            name = "d"
            uses = "split"
            after = ["b", "c"]
            "#,
        )
        .unwrap()
    }

    #[test]
    fn the_default_pipeline_is_a_chain_of_one_column_per_task() {
        let layout = Layout::of(&PipelineDefinition::default_pipeline());
        assert_eq!(layout.nodes.len(), 8);
        assert_eq!(layout.nodes.iter().map(|n| n.layer).collect::<Vec<_>>(), (0..8).collect::<Vec<_>>());
        assert!(layout.nodes.iter().all(|n| n.row == 0));
        let pairs: Vec<(&str, &str)> =
            layout.edges.iter().map(|e| (e.from.as_str(), e.to.as_str())).collect();
        assert_eq!(pairs[0], ("ingest", "validate"));
        assert_eq!(pairs[6], ("register", "promote"));
        assert_eq!(pairs.len(), 7);
        assert!(layout.edges.iter().all(|e| e.path.contains(" L")), "same-row edges are straight");
        assert_eq!(layout.width, 2.0 * PAD + 8.0 * NODE_W + 7.0 * GAP_X);
        assert_eq!(layout.height, 2.0 * PAD + NODE_H);
    }

    #[test]
    fn a_diamond_puts_parallel_tasks_in_one_column_and_joins_after_the_deepest() {
        let layout = Layout::of(&diamond());
        let at = |t: &str| {
            let n = layout.nodes.iter().find(|n| n.task == t).unwrap();
            (n.layer, n.row)
        };
        assert_eq!([at("a"), at("b"), at("c"), at("d")], [(0, 0), (1, 0), (1, 1), (2, 0)]);
        assert_eq!(layout.edges.len(), 4);
        let curve = layout.edges.iter().find(|e| e.from == "a" && e.to == "c").unwrap();
        assert!(curve.path.contains(" C"), "{}", curve.path);
        assert_eq!(layout.height, 2.0 * PAD + 2.0 * NODE_H + GAP_Y);
        // Every edge starts on its upstream box's right side and ends on the downstream box's left.
        for e in &layout.edges {
            let from = layout.nodes.iter().find(|n| n.task == e.from).unwrap();
            let to = layout.nodes.iter().find(|n| n.task == e.to).unwrap();
            assert!(e.path.starts_with(&format!("M{} ", from.x + NODE_W)), "{}", e.path);
            assert!(e.path.ends_with(&format!("{} {}", to.x, to.y + NODE_H / 2.0)), "{}", e.path);
        }
    }
}
