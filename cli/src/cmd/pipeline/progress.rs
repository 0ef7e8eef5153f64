//! Live task states on stderr, rendered from the executor's events (nothing in `--json` mode, so
//! stdout stays one JSON document and stderr stays quiet for scripts).

use hearth_core::pipeline::{Event, EventSink, TaskState};

/// Prints one line per task state change and each task log line, indented under its task.
pub struct StderrProgress {
    quiet: bool,
    total: usize,
    done: usize,
}

impl StderrProgress {
    /// Silent when `quiet` (JSON output).
    pub fn new(quiet: bool) -> Self {
        StderrProgress { quiet, total: 0, done: 0 }
    }
}

impl EventSink for StderrProgress {
    fn emit(&mut self, event: &Event) {
        if self.quiet {
            return;
        }
        match event {
            Event::RunStarted { run_id, pipeline, tasks, .. } => {
                self.total = tasks.len();
                eprintln!("pipeline `{pipeline}` run {run_id}: {}", tasks.join(" → "));
            }
            Event::TaskStateChanged { state: TaskState::Queued, .. } => {}
            Event::TaskStateChanged { task, state, try_number, detail } => {
                let counter = format!("[{}/{}]", (self.done + 1).min(self.total), self.total);
                let tries = if *state == TaskState::Running && *try_number > 1 {
                    format!(" (try {try_number})")
                } else {
                    String::new()
                };
                let why = detail.as_deref().map_or(String::new(), |d| format!(" — {d}"));
                eprintln!("{counter:>7} {task:<9} {state}{tries}{why}");
            }
            Event::Log { line, .. } => eprintln!("{:17}{line}", ""),
            Event::Progress { finished, .. } => self.done = *finished,
            Event::RunFinished { .. } => {}
        }
    }
}
