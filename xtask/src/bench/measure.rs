//! Runs one child process and measures it from the outside: wall time and the child's own peak
//! resident set size, read from `wait4`'s rusage (no `/usr/bin/time`, no libc crate: xtask is
//! plain std, and std already links the C library that provides `wait4`).
//!
//! Linux carries the parent's peak RSS into a spawned child's `ru_maxrss` (the child starts on the
//! parent's address space until it execs), so the harness's own peak is the floor of every figure:
//! it keeps no big file in memory, and [`own_peak_rss_kb`] is reported next to the results.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run of a command produced.
pub struct Measured {
    /// From spawn to exit, as a user waits for it.
    pub wall: Duration,
    /// The child's peak RSS in KiB (`ru_maxrss`); None where `wait4` is not available.
    pub peak_rss_kb: Option<u64>,
    pub stdout: String,
}

/// Runs `cmd` to completion (stdout captured, stderr captured and shown on failure); Err names the
/// command and its exit status.
pub fn measure(cmd: &mut Command) -> Result<Measured, String> {
    let what = crate::run::describe(cmd);
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start `{what}`: {e}"))?;
    let mut out = child.stdout.take().expect("stdout is piped");
    let mut err = child.stderr.take().expect("stderr is piped");
    let err_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = err.read_to_string(&mut text);
        text
    });
    let mut stdout = String::new();
    let _ = out.read_to_string(&mut stdout);
    let (code, peak_rss_kb) = wait_with_rusage(&mut child)?;
    let wall = start.elapsed();
    let stderr = err_reader.join().unwrap_or_default();
    if code != Some(0) {
        let tail: String = stderr
            .lines()
            .rev()
            .take(15)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join("\n");
        return Err(format!("`{what}` failed (exit {code:?}):\n{tail}"));
    }
    Ok(Measured { wall, peak_rss_kb, stdout })
}

/// The harness's own peak RSS in KiB (`VmHWM`), the floor of every child's figure.
pub fn own_peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.trim_start_matches("VmHWM:").trim().trim_end_matches("kB").trim().parse().ok()
}

/// Sum of the peak RSS (`VmHWM`, KiB) of every live process in process group `pgid` — a server
/// and the workers it started. An upper bound of the group's peak (each process's own peak,
/// added); None when no process of the group could be read (or not on Linux).
pub fn group_peak_rss_kb(pgid: u32) -> Option<u64> {
    let mut total = None;
    for entry in std::fs::read_dir("/proc").ok()?.filter_map(Result::ok) {
        let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
        // Fields after the parenthesised name: state, ppid, pgrp, …
        let Some(after) = stat.rfind(')').map(|i| &stat[i + 1..]) else { continue };
        if after.split_whitespace().nth(2).and_then(|g| g.parse::<u32>().ok()) != Some(pgid) {
            continue;
        }
        let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else { continue };
        if let Some(kb) = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:")?.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            total = Some(total.unwrap_or(0) + kb);
        }
    }
    total
}

#[cfg(target_os = "linux")]
fn wait_with_rusage(child: &mut std::process::Child) -> Result<(Option<i32>, Option<u64>), String> {
    /// `struct rusage` on 64-bit Linux: two `timeval`s, then 14 `long`s starting with `ru_maxrss`.
    #[repr(C)]
    struct Rusage {
        times: [i64; 4],
        maxrss: i64,
        rest: [i64; 13],
    }
    extern "C" {
        fn wait4(pid: i32, status: *mut i32, options: i32, rusage: *mut Rusage) -> i32;
    }
    let pid = child.id() as i32;
    let mut status = 0i32;
    let mut usage = Rusage { times: [0; 4], maxrss: 0, rest: [0; 13] };
    // SAFETY: `pid` is our un-reaped child; both pointers are valid for the call.
    let got = unsafe { wait4(pid, &mut status, 0, &mut usage) };
    if got != pid {
        return Err(format!("wait4({pid}) failed: {}", std::io::Error::last_os_error()));
    }
    let exited = status & 0x7f == 0;
    let code = exited.then_some((status >> 8) & 0xff);
    Ok((code, Some(usage.maxrss.max(0) as u64)))
}

#[cfg(not(target_os = "linux"))]
fn wait_with_rusage(child: &mut std::process::Child) -> Result<(Option<i32>, Option<u64>), String> {
    let status = child.wait().map_err(|e| e.to_string())?;
    Ok((status.code(), None))
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn measures_a_child_and_reports_its_failure() {
        let ok = measure(Command::new("sh").args(["-c", "echo hi"])).unwrap();
        assert_eq!(ok.stdout, "hi\n");
        assert!(ok.peak_rss_kb.unwrap() > 0);
        let err = measure(Command::new("sh").args(["-c", "echo boom >&2; exit 3"])).err().unwrap();
        assert!(err.contains("exit Some(3)") && err.contains("boom"), "{err}");
    }

    #[test]
    fn reads_the_peak_of_a_process_group() {
        use std::os::unix::process::CommandExt;
        let mut child = Command::new("sleep").arg("5").process_group(0).spawn().unwrap();
        let kb = group_peak_rss_kb(child.id());
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(kb.is_some_and(|kb| kb > 0), "{kb:?}");
        assert_eq!(group_peak_rss_kb(u32::MAX), None);
    }
}
