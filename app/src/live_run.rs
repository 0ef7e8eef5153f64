//! A run in progress as the Pipeline page knows it, folded from the worker's events: every task's
//! state, progress, and every log line of every try (the same lines the stored report keeps, so the
//! log panel reads the same before and after the run is recorded).

use hearth_core::pipeline::{Event, TaskState};

use crate::task_logs::TryView;

/// The run being shown live.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LiveRun {
    /// Tasks in execution order.
    pub tasks: Vec<TaskLine>,
    /// Tries made so far, in the order they started.
    pub tries: Vec<TryView>,
    /// Tasks in a terminal state.
    pub finished: usize,
    /// All tasks.
    pub total: usize,
}

/// One task's latest state.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskLine {
    /// Task name.
    pub name: String,
    /// Latest state.
    pub state: TaskState,
    /// The state's reason, else the task's latest log line.
    pub detail: Option<String>,
}

impl LiveRun {
    /// Folds one event in.
    pub fn apply(&mut self, event: &Event) {
        match event {
            Event::RunStarted { tasks, .. } => {
                self.total = tasks.len();
                self.tasks = tasks
                    .iter()
                    .map(|name| TaskLine { name: name.clone(), state: TaskState::Queued, detail: None })
                    .collect();
            }
            Event::TaskStateChanged { task, state, try_number, detail } => {
                if let Some(line) = self.tasks.iter_mut().find(|l| &l.name == task) {
                    line.state = *state;
                    line.detail = match (state, detail) {
                        (_, Some(d)) => Some(d.clone()),
                        (TaskState::Running, None) if *try_number > 1 => Some(format!("try {try_number}")),
                        _ => None,
                    };
                }
                // Try 0 is "before the first try" (queued, cache hits, skips): no log of its own.
                if *try_number > 0 {
                    self.try_mut(task, *try_number).state = *state;
                }
            }
            Event::Log { task, try_number, line } => {
                if let Some(l) = self.tasks.iter_mut().find(|l| &l.name == task) {
                    l.detail = Some(line.clone());
                }
                self.try_mut(task, *try_number).lines.push(line.clone());
            }
            Event::Progress { finished, total } => {
                self.finished = *finished;
                self.total = *total;
            }
            Event::RunFinished { .. } => {}
        }
    }

    /// The tries of `task`, first to last.
    pub fn tries_of(&self, task: &str) -> Vec<TryView> {
        self.tries.iter().filter(|t| t.task == task).cloned().collect()
    }

    fn try_mut(&mut self, task: &str, try_number: u32) -> &mut TryView {
        let at = match self.tries.iter().position(|t| t.task == task && t.try_number == try_number) {
            Some(i) => i,
            None => {
                self.tries.push(TryView {
                    task: task.to_string(),
                    try_number,
                    state: TaskState::Running,
                    lines: Vec::new(),
                });
                self.tries.len() - 1
            }
        };
        &mut self.tries[at]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changed(task: &str, state: TaskState, try_number: u32, detail: Option<&str>) -> Event {
        Event::TaskStateChanged { task: task.into(), state, try_number, detail: detail.map(String::from) }
    }

    fn log(task: &str, try_number: u32, line: &str) -> Event {
        Event::Log { task: task.into(), try_number, line: line.into() }
    }

    #[test]
    fn every_line_of_every_try_is_kept_apart() {
        let mut run = LiveRun::default();
        let events = [
            Event::RunStarted {
                run_id: "r".into(),
                pipeline: "p".into(),
                definition_hash: "h".into(),
                tasks: vec!["ingest".into(), "train".into()],
            },
            changed("ingest", TaskState::Queued, 0, None),
            changed("train", TaskState::Queued, 0, None),
            changed("ingest", TaskState::Skipped, 0, Some("cached")),
            Event::Progress { finished: 1, total: 2 },
            changed("train", TaskState::Running, 1, None),
            log("train", 1, "candidate 0 linear"),
            log("train", 1, "try 1 failed: storage busy; retrying in 500 ms (try 2 of 2)"),
            changed("train", TaskState::UpForRetry, 1, Some("storage busy")),
            changed("train", TaskState::Running, 2, None),
            log("train", 2, "candidate 0 linear"),
            log("train", 2, "selected candidate 0 linear"),
            changed("train", TaskState::Success, 2, None),
            Event::Progress { finished: 2, total: 2 },
        ];
        for e in &events {
            run.apply(e);
        }
        assert!(run.tries_of("ingest").is_empty(), "a cache hit makes no try");
        let train = run.tries_of("train");
        assert_eq!(train.len(), 2);
        assert_eq!((train[0].try_number, train[0].state), (1, TaskState::UpForRetry));
        assert_eq!(train[0].lines.len(), 2);
        assert_eq!((train[1].try_number, train[1].state), (2, TaskState::Success));
        assert_eq!(train[1].lines, ["candidate 0 linear", "selected candidate 0 linear"]);
        assert_eq!((run.finished, run.total), (2, 2));
        assert_eq!(run.tasks[0].detail.as_deref(), Some("cached"));
        assert_eq!(run.tasks[1].state, TaskState::Success);
    }
}
