//! Dataset push and pull: `hearth push` / `hearth pull` of one imported dataset version to and from
//! the team remote (the worker under workerd, R2 + D1 on disk, over HTTP on 127.0.0.1) against
//! `dvc push` / `dvc pull` of the same file to and from a local-directory remote, alternating run by
//! run. Every push goes to a fresh, empty remote and every pull into a fresh, empty workspace (DVC:
//! a fresh repository with an empty cache), so each run transfers everything; every pulled copy is
//! checked byte for byte (sha256) against the imported file.

use super::pair::{alternate, Make, Side};
use super::remote_server::RemoteServer;
use super::report::{Goal, Row, Unit};
use super::{data, Ctx};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What each side transferred in one run, and how the runs compare.
struct Transfer {
    objects: u64,
    bytes: u64,
}

pub fn run(ctx: &mut Ctx) -> Result<(), String> {
    let root = crate::env::root();
    if !root.join("edge-worker/build/index_bg.wasm").is_file() {
        return Err("edge-worker/build was not built".into());
    }
    let rows = if ctx.quick { 100_000 } else { 1_000_000 };
    let csv = data::sample(&ctx.hearth, &ctx.data_dir(), rows, 42, "baseline")?;
    let size = std::fs::metadata(&csv).map_err(|e| format!("{}: {e}", csv.display()))?.len();
    let label = format!("{} rows × 13 generated, {:.1} MB", thousands(rows), size as f64 / 1e6);
    let expected = sha256(&csv)?;
    let scratch = ctx.scratch("remote")?;
    println!("remote: {label}, sha256 {expected}");

    // Untimed: the version to push (Hearth: imported into a workspace; DVC: added to a repository).
    let source = scratch.join("hearth-src");
    std::fs::create_dir_all(&source).map_err(|e| e.to_string())?;
    hearth(&ctx.hearth, &source, &["init"])?;
    hearth(&ctx.hearth, &source, &["data", "import", &csv.to_string_lossy()])?;
    let dvc = ctx.peer_bin("dvc");
    let dvc_source = scratch.join("dvc-src");
    if let Some(dvc) = &dvc {
        std::fs::create_dir_all(&dvc_source).map_err(|e| e.to_string())?;
        run_dvc(dvc, &dvc_source, &["init", "--no-scm", "--quiet"])?;
        std::fs::copy(&csv, dvc_source.join("data.csv")).map_err(|e| e.to_string())?;
        run_dvc(dvc, &dvc_source, &["add", "--quiet", "data.csv"])?;
    }

    // Push: a fresh remote per run (the previous one is stopped and deleted first).
    let mut server: Option<RemoteServer> = None;
    let mut server_state: Option<PathBuf> = None;
    let mut server_peaks: Vec<u64> = Vec::new();
    let (hp, pp) = {
        let hearth_push: Make<'_> = Box::new(|i| {
            if let Some(old) = server.take() {
                server_peaks.extend(old.stop());
            }
            if i > 0 {
                super::remove_dir(&scratch.join(format!("hearth-remote{}", i - 1)));
            }
            let state = scratch.join(format!("hearth-remote{i}"));
            let started = RemoteServer::start(&state)?;
            server_state = Some(state);
            let name = format!("r{i}");
            hearth(&ctx.hearth, &source, &["remote", "add", &name, &started.url])?;
            let mut cmd = Command::new(&ctx.hearth);
            cmd.args(["--json", "push", "--remote", &name])
                .env("HEARTH_REMOTE_TOKEN", &started.token)
                .current_dir(&source);
            server = Some(started);
            Ok(cmd)
        });
        let dvc_push: Option<Make<'_>> = dvc.as_ref().map(|dvc| -> Make<'_> {
            let (scratch, dvc_source) = (&scratch, &dvc_source);
            Box::new(move |i| {
                if i > 0 {
                    super::remove_dir(&scratch.join(format!("dvc-remote{}", i - 1)));
                }
                let remote = fresh(&scratch.join(format!("dvc-remote{i}")))?;
                run_dvc(
                    dvc,
                    dvc_source,
                    &["remote", "add", "--force", "--default", "origin", &remote.to_string_lossy()],
                )?;
                let mut cmd = Command::new(dvc);
                cmd.args(["push", "--quiet"]).env("DVC_NO_ANALYTICS", "1").current_dir(dvc_source);
                Ok(cmd)
            })
        });
        alternate(ctx.reps, hearth_push, dvc_push)
    };
    let hearth_sent = every_run(&hp, "objects_sent", "bytes_sent", size);
    let dvc_remote = pp.samples.len().checked_sub(1).map(|i| scratch.join(format!("dvc-remote{i}")));
    let dvc_sent = dvc_remote.as_deref().map(tree_size).transpose()?;

    // Pull: the last push's remote, restarted (its workerd peak then covers the pulls only), into a
    // fresh workspace / repository per run.
    if let Some(old) = server.take() {
        server_peaks.extend(old.stop());
    }
    // Only a remote every push run filled completely is pulled from.
    let pull_server = match server_state.filter(|_| hp.error.is_none() && hearth_sent.is_ok()) {
        Some(state) => Some(RemoteServer::start(&state)?),
        None => None,
    };
    let (hl, pl) = {
        let hearth_pull: Option<Make<'_>> = pull_server.as_ref().map(|server| -> Make<'_> {
            let (scratch, hearth_bin) = (&scratch, &ctx.hearth);
            Box::new(move |i| {
                let ws = fresh(&scratch.join(format!("hearth-pull{i}")))?;
                hearth(hearth_bin, &ws, &["init"])?;
                hearth(hearth_bin, &ws, &["remote", "add", "origin", &server.url])?;
                let mut cmd = Command::new(hearth_bin);
                cmd.args(["--json", "pull"]).env("HEARTH_REMOTE_TOKEN", &server.token).current_dir(&ws);
                Ok(cmd)
            })
        });
        let dvc_pull: Option<Make<'_>> =
            dvc.as_ref().zip(dvc_remote.as_ref()).map(|(dvc, remote)| -> Make<'_> {
                let (scratch, dvc_source) = (&scratch, &dvc_source);
                Box::new(move |i| {
                    let repo = fresh(&scratch.join(format!("dvc-pull{i}")))?;
                    run_dvc(dvc, &repo, &["init", "--no-scm", "--quiet"])?;
                    run_dvc(
                        dvc,
                        &repo,
                        &["remote", "add", "--default", "origin", &remote.to_string_lossy()],
                    )?;
                    std::fs::copy(dvc_source.join("data.csv.dvc"), repo.join("data.csv.dvc"))
                        .map_err(|e| e.to_string())?;
                    let mut cmd = Command::new(dvc);
                    cmd.args(["pull", "--quiet"]).env("DVC_NO_ANALYTICS", "1").current_dir(&repo);
                    Ok(cmd)
                })
            });
        match hearth_pull {
            Some(h) => alternate(ctx.reps, h, dvc_pull),
            None => (Side::default(), Side::default()),
        }
    };
    let pull_server_peak = pull_server.and_then(RemoteServer::stop);
    let hearth_received = every_run(&hl, "objects_received", "bytes_received", size);

    // Correctness: every pulled copy hashes to the imported file; the pulled workspace lists the
    // same version as the source.
    let blob = format!(".hearth/store/values/data/blobs/sha256/{expected}~");
    let mut hearth_ok = !hl.samples.is_empty();
    let mut checks = Vec::new();
    for i in 0..hl.samples.len() {
        let ws = scratch.join(format!("hearth-pull{i}"));
        let same_hash = sha256(&ws.join(&blob)).map(|h| h == expected).unwrap_or(false);
        let same_list = hearth(&ctx.hearth, &ws, &["--json", "data", "list"])?
            == hearth(&ctx.hearth, &source, &["--json", "data", "list"])?;
        if !(same_hash && same_list) {
            hearth_ok = false;
            checks.push(format!(
                "hearth pull {}: sha256 same {same_hash}, `data list` same {same_list}",
                i + 1
            ));
        }
    }
    let mut dvc_ok = !pl.samples.is_empty();
    for i in 0..pl.samples.len() {
        let file = scratch.join(format!("dvc-pull{i}/data.csv"));
        if sha256(&file).ok().as_deref() != Some(expected.as_str()) {
            dvc_ok = false;
            checks.push(format!("dvc pull {}: data.csv differs from the imported file", i + 1));
        }
    }
    super::remove_dir(&scratch);

    let mb = size as f64 / 1e6;
    let rate = |s: Option<f64>| s.map_or("—".into(), |s| format!("{:.0} MB/s", mb / s));
    let server_push = server_peaks.iter().max().copied();
    let mut push = Row::new(
        "dataset push to a fresh remote",
        label.clone(),
        Unit::Seconds,
        "`dvc push` (local-directory remote)",
    );
    push.hearth = hp.median("wall");
    push.peer = pp.median("wall");
    push.hearth_rss_kb = hp.peak_rss_kb();
    push.peer_rss_kb = pp.peak_rss_kb();
    push.runs = hp.samples.len();
    push.delta = format!(
        "Hearth {} vs DVC {}; sent per run: Hearth {} over HTTP into R2 + D1 (verified by sha256 on arrival), DVC {} copied; \
         workerd peak {} (server, not in the client's figure)",
        rate(push.hearth),
        rate(push.peer),
        describe(&hearth_sent),
        describe(&dvc_sent.map(|t| Ok(Some(t))).unwrap_or(Ok(None))),
        kb_text(server_push)
    );
    let mut pull = Row::new(
        "dataset pull into a fresh workspace",
        label,
        Unit::Seconds,
        "`dvc pull` (fresh repository and cache)",
    );
    pull.hearth = hl.median("wall");
    pull.peer = pl.median("wall");
    pull.hearth_rss_kb = hl.peak_rss_kb();
    pull.peer_rss_kb = pl.peak_rss_kb();
    pull.runs = hl.samples.len();
    pull.delta = format!(
        "Hearth {} vs DVC {}; received per run: Hearth {}; pulled bytes identical to the imported file (sha256): Hearth {}, DVC {}; \
         workerd peak {} (server, restarted for the pulls)",
        rate(pull.hearth),
        rate(pull.peer),
        describe(&hearth_received),
        verdict(hearth_ok, hl.samples.len()),
        verdict(dvc_ok, pl.samples.len()),
        kb_text(pull_server_peak)
    );
    for row in [&mut push, &mut pull] {
        if dvc.is_none() {
            row.delta.push_str("; DVC not installed");
        }
        if !checks.is_empty() {
            row.delta.push_str(&format!("; **{}**", checks.join("; ")));
        }
    }
    for (row, h, p) in [(&mut push, &hp, &pp), (&mut pull, &hl, &pl)] {
        for (side, error) in [("hearth", &h.error), ("dvc", &p.error)] {
            if let Some(e) = error {
                row.delta.push_str(&format!("; {side} failed: {e}"));
            }
        }
    }
    let compared = push.advantage().is_some() && pull.advantage().is_some();
    let met = if !checks.is_empty() || hearth_sent.is_err() || hearth_received.is_err() {
        Some(false)
    } else {
        compared.then_some(true)
    };
    for row in [&mut push, &mut pull] {
        row.goal =
            Some(Goal { text: "push and pull compared with DVC in the same run (issue 8)".into(), met });
    }
    ctx.rows.push(push);
    ctx.rows.push(pull);
    ctx.note(
        "push/pull: the remote is the worker under workerd (Miniflare, benches/edge/remote.mjs, 127.0.0.1, R2 and D1 \
         persisted on disk, a write-scoped token), started fresh before every push run and restarted on the last \
         push's state for the pulls, stopped after; DVC's remote is a local folder (no server). Hearth's peak RSS is \
         the `hearth` client's; workerd's is in the delta. A Hearth pull stores the version in the workspace's \
         store; a DVC pull fills the cache and checks out data.csv.",
    );
    Ok(())
}

/// Runs `hearth ARGS` in `dir` (untimed preparation and checks); its stdout.
fn hearth(bin: &Path, dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new(bin)
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("hearth {}: {e}", args.join(" ")))?;
    if !out.status.success() {
        return Err(format!("hearth {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim()));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn run_dvc(dvc: &Path, dir: &Path, args: &[&str]) -> Result<(), String> {
    let out = Command::new(dvc)
        .args(args)
        .env("DVC_NO_ANALYTICS", "1")
        .current_dir(dir)
        .output()
        .map_err(|e| format!("dvc {}: {e}", args.join(" ")))?;
    if !out.status.success() {
        return Err(format!("dvc {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim()));
    }
    Ok(())
}

/// sha256 of a file by `sha256sum` (the harness itself never holds a big file: see measure.rs).
fn sha256(file: &Path) -> Result<String, String> {
    let out = Command::new("sha256sum").arg(file).output().map_err(|e| format!("sha256sum: {e}"))?;
    if !out.status.success() {
        return Err(format!("sha256sum {}: {}", file.display(), String::from_utf8_lossy(&out.stderr).trim()));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    text.split_whitespace().next().map(str::to_string).ok_or_else(|| "sha256sum printed nothing".into())
}

/// Files and bytes under a folder (DVC's remote after a push).
fn tree_size(dir: &Path) -> Result<Transfer, String> {
    let mut total = Transfer { objects: 0, bytes: 0 };
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let meta = entry.metadata().map_err(|e| e.to_string())?;
        if meta.is_dir() {
            let inner = tree_size(&entry.path())?;
            total.objects += inner.objects;
            total.bytes += inner.bytes;
        } else {
            total.objects += 1;
            total.bytes += meta.len();
        }
    }
    Ok(total)
}

/// The objects and bytes every run of a Hearth side reported (`--json` output); Err when a run
/// moved other than the whole file (one that did not start from an empty destination moves less).
fn every_run(side: &Side, objects: &str, bytes: &str, size: u64) -> Result<Option<Transfer>, String> {
    let mut seen: Option<(u64, u64)> = None;
    for (i, s) in side.samples.iter().enumerate() {
        let got = (
            json_u64(&s.lines.text, objects).ok_or_else(|| format!("run {}: no `{objects}`", i + 1))?,
            json_u64(&s.lines.text, bytes).ok_or_else(|| format!("run {}: no `{bytes}`", i + 1))?,
        );
        if got.1 != size {
            return Err(format!(
                "run {} moved {} object(s), {} bytes, not the whole {size}-byte file",
                i + 1,
                got.0,
                got.1
            ));
        }
        seen = Some(got);
    }
    Ok(seen.map(|(objects, bytes)| Transfer { objects, bytes }))
}

/// The unsigned integer field `"key": N` of a flat JSON object.
fn json_u64(text: &str, key: &str) -> Option<u64> {
    let at = text.find(&format!("\"{key}\""))? + key.len() + 2;
    let rest = text[at..].trim_start().strip_prefix(':')?.trim_start();
    let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    rest[..end].parse().ok()
}

fn describe(t: &Result<Option<Transfer>, String>) -> String {
    match t {
        Ok(Some(t)) => format!("{} object(s), {} bytes", t.objects, t.bytes),
        Ok(None) => "—".into(),
        Err(e) => format!("**{e}**"),
    }
}

fn verdict(ok: bool, runs: usize) -> String {
    match (runs, ok) {
        (0, _) => "not run".into(),
        (n, true) => format!("yes ({n}/{n} runs)"),
        (_, false) => "**no**".into(),
    }
}

fn kb_text(kb: Option<u64>) -> String {
    kb.map_or("—".into(), |kb| format!("{:.0} MB", kb as f64 / 1024.0))
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn fresh(dir: &Path) -> Result<PathBuf, String> {
    super::remove_dir(dir);
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_counts_from_the_cli_json() {
        let text = "{\"objects_sent\":3,\"bytes_sent\": 81234567,\"objects_skipped\":0}\n";
        assert_eq!(json_u64(text, "objects_sent"), Some(3));
        assert_eq!(json_u64(text, "bytes_sent"), Some(81_234_567));
        assert_eq!(json_u64(text, "records"), None);
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(545), "545");
    }

    #[test]
    fn counts_files_and_bytes_of_a_tree() {
        let dir = std::env::temp_dir().join(format!("hearth-tree-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("a/b")).unwrap();
        std::fs::write(dir.join("a/b/x"), b"12345").unwrap();
        std::fs::write(dir.join("y"), b"123").unwrap();
        let t = tree_size(&dir).unwrap();
        assert_eq!((t.objects, t.bytes), (2, 8));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
