//! After a run: proof that no server or peer process the harness started is still running.

use std::path::Path;

/// Program names of everything the harness starts that could outlive it.
const NAMES: [&str; 7] = ["workerd", "node", "python", "mlflow", "uvicorn", "wrk", "dvc"];

/// `NAME (pid N)` of every live process whose program is one of [`NAMES`] and whose working
/// folder is inside `root` (the harness starts its children there or below), except this
/// process and its ancestors.
pub fn leftovers(root: &Path) -> Vec<String> {
    running(root, &NAMES)
}

fn running(root: &Path, names: &[&str]) -> Vec<String> {
    let ours = ancestors();
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    let mut found: Vec<(u32, String)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| !ours.contains(pid))
        .filter_map(|pid| {
            let name = std::fs::read_to_string(format!("/proc/{pid}/comm")).ok()?.trim().to_string();
            let cwd = std::fs::read_link(format!("/proc/{pid}/cwd")).ok()?;
            (names.iter().any(|n| name.starts_with(n)) && cwd.starts_with(root)).then_some((pid, name))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(pid, name)| format!("{name} (pid {pid})")).collect()
}

/// This process and every parent up to init.
fn ancestors() -> Vec<u32> {
    let mut pids = vec![std::process::id()];
    while let Some(parent) = parent_of(*pids.last().expect("not empty")) {
        if parent == 0 || pids.contains(&parent) {
            break;
        }
        pids.push(parent);
    }
    pids
}

fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat[stat.rfind(')')? + 1..].split_whitespace().nth(1)?.parse().ok()
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use std::process::Command;

    #[test]
    fn finds_a_live_peer_process_in_the_folder_and_not_after_it_ends() {
        let dir = std::env::temp_dir().join(format!("hearth-cleanup-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // A `sleep` working in the folder stands for a server left behind.
        let mut child = Command::new("sleep").arg("20").current_dir(&dir).spawn().unwrap();
        // Until the child has exec'd, /proc still names it after this test binary: wait for `sleep`.
        let comm = format!("/proc/{}/comm", child.id());
        for _ in 0..500 {
            if std::fs::read_to_string(&comm).is_ok_and(|c| c.trim() == "sleep") {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let live = super::running(&dir, &["sleep"]);
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(live, vec![format!("sleep (pid {})", child.id())]);
        assert!(super::running(&dir, &["sleep"]).is_empty());
        assert!(super::running(&dir, &["workerd"]).is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_harness_itself_is_not_a_leftover() {
        assert!(super::ancestors().contains(&std::process::id()));
        let here = std::env::current_dir().unwrap();
        let me = format!("(pid {})", std::process::id());
        assert!(super::leftovers(&here).iter().all(|l| !l.ends_with(&me)));
    }
}
