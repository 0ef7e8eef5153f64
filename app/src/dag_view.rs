//! The pipeline's DAG drawn as SVG by the app (no graph library): one box per task of the
//! definition, one arrow per dependency, each box coloured and labelled with the task's live state.
//! Boxes are buttons (click, Enter or Space) that open the task's logs.

use hearth_core::pipeline::PipelineDefinition;
use leptos::prelude::*;

use crate::dag_layout::{Layout, NODE_H, NODE_W};
use crate::live_run::TaskLine;
use crate::task_logs::Selection;
use crate::task_status::Status;

/// The graph of `def`, with states from `tasks` (a task missing there is drawn as not run).
#[component]
pub fn DagView(
    def: PipelineDefinition,
    tasks: Signal<Vec<TaskLine>>,
    selected: RwSignal<Option<Selection>>,
) -> impl IntoView {
    let layout = Layout::of(&def);
    let status_of = move |task: &str| -> Option<(Status, Option<String>)> {
        tasks.with(|lines| {
            lines
                .iter()
                .find(|l| l.name == task)
                .map(|l| (Status::live(l.state, l.detail.as_deref()), l.detail.clone()))
        })
    };
    let edges = layout
        .edges
        .iter()
        .map(|e| {
            let from = e.from.clone();
            let done =
                move || status_of(&from).is_some_and(|(s, _)| s.label == "success" || s.label == "cached");
            view! {
                <path class=move || if done() { "dag-edge done" } else { "dag-edge" } d=e.path.clone()
                    data-from=e.from.clone() data-to=e.to.clone() marker-end="url(#dag-arrow)" />
            }
        })
        .collect_view();
    let nodes = layout
        .nodes
        .iter()
        .map(|n| {
            let task = n.task.clone();
            let (t1, t2, t3, t4, t5, t6) =
                (task.clone(), task.clone(), task.clone(), task.clone(), task.clone(), task.clone());
            let label = move || status_of(&t1).map_or("not run", |(s, _)| s.label);
            let class = move || {
                let base = status_of(&t2).map_or("state-none".to_string(), |(s, _)| s.class());
                let chosen = selected.with(|s| s.as_ref().is_some_and(|s| s.run_id.is_none() && s.task == t2));
                format!("dag-node {base}{}", if chosen { " selected" } else { "" })
            };
            let state = move || status_of(&t3).map_or("none".to_string(), |(s, _)| s.state.to_string());
            let title = move || describe(&t4, status_of(&t4));
            let aria = move || format!("{}. Show its logs.", describe(&t6, status_of(&t6)));
            let open = move || selected.set(Some(Selection { run_id: None, task: t5.clone() }));
            let open_key = open.clone();
            let (cx, y) = (n.x + NODE_W / 2.0, n.y);
            view! {
                <g class=class data-task=task.clone() data-state=state role="button" tabindex="0" aria-label=aria
                    on:click=move |_| open()
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" || ev.key() == " " {
                            ev.prevent_default();
                            open_key();
                        }
                    }>
                    <title>{title}</title>
                    <rect x=n.x y=y width=NODE_W height=NODE_H rx="8" />
                    <text class="dag-task" x=cx y=y + 21.0 text-anchor="middle">{task.clone()}</text>
                    <text class="dag-state" x=cx y=y + 38.0 text-anchor="middle">{label}</text>
                </g>
            }
        })
        .collect_view();
    let count = layout.nodes.len();
    view! {
        <svg id="dag" class="dag" viewBox=format!("0 0 {} {}", layout.width, layout.height)
            role="group" aria-label=format!("Pipeline graph: {count} tasks; arrows point downstream")>
            <defs>
                <marker id="dag-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7"
                    orient="auto-start-reverse">
                    <path d="M0 1 L9 5 L0 9 z" />
                </marker>
            </defs>
            <g class="dag-edges">{edges}</g>
            <g class="dag-nodes">{nodes}</g>
        </svg>
    }
}

/// `train: failed — <why>`: the node's tooltip and, with an invitation, its accessible name.
fn describe(task: &str, status: Option<(Status, Option<String>)>) -> String {
    match status {
        Some((s, Some(d))) => format!("{task}: {} — {d}", s.label),
        Some((s, None)) => format!("{task}: {}", s.label),
        None => format!("{task}: not run"),
    }
}
