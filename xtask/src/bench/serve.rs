//! Serving: the worker under workerd (Miniflare, `benches/edge/predict.mjs`) against
//! `mlflow models serve` of an equivalent scikit-learn model, same request bodies on `/invocations`,
//! bounded wrk runs (≤ 10 s each) on 127.0.0.1 only, alternating side by side. The MLflow server runs
//! in its own process group, which is killed whatever happens (a guard's Drop).

use super::pair::{alternate, Make};
use super::report::{Goal, Row, Unit};
use super::stats::median;
use super::{data, Ctx};
use crate::env;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Kills the peer server's whole process group (mlflow starts uvicorn workers) when dropped.
struct ServerGuard(Child);

impl Drop for ServerGuard {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if matches!(self.0.try_wait(), Ok(Some(_))) {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.0.wait();
    }
}

pub fn run(ctx: &mut Ctx) -> Result<(), String> {
    let root = env::root();
    if !root.join("edge-worker/build/index_bg.wasm").is_file() {
        return Err("edge-worker/build was not built".into());
    }
    let (seconds, runs) = if ctx.quick { (2, 3) } else { (5, 5) };
    let mut peer_url = None;
    let mut peer_note = String::new();
    let mut startup_s = None;
    let mut _guard = None;
    match ctx.peer_bin("mlflow") {
        None => peer_note = "mlflow not installed in the bench venv".into(),
        Some(mlflow) => match start_mlflow(ctx, &mlflow) {
            Ok((guard, url, secs)) => {
                _guard = Some(guard);
                peer_url = Some(url);
                startup_s = Some(secs);
            }
            Err(e) => peer_note = format!("mlflow models serve did not start: {e}"),
        },
    }
    let oha = match ensure_oha() {
        Ok(()) => true,
        Err(e) => {
            ctx.note(format!("serve: no per-request latency (oha): {e}"));
            false
        }
    };
    let script = root.join("benches/edge/predict.mjs");
    let url = peer_url.clone();
    let node: Make<'_> = Box::new(move |_| {
        let mut cmd = crate::run::command("node", &[], &root);
        cmd.arg(&script).arg(seconds.to_string()).arg("4").arg("--runs").arg(runs.to_string());
        if let Some(url) = &url {
            cmd.arg("--peer").arg(url);
        }
        if oha {
            cmd.args(["--oha", "oha"]);
        }
        Ok(cmd)
    });
    let (side, _) = alternate(1, node, None);
    let peer_peak_kb = _guard.as_ref().and_then(|g| super::measure::group_peak_rss_kb(g.0.id()));
    drop(_guard);
    if let Some(e) = side.error {
        return Err(e);
    }
    let text = side.last().map(|l| l.text.clone()).unwrap_or_default();
    let hearth_peak_kb =
        text.lines().find_map(|l| l.strip_prefix("server_peak_rss_kb ")?.trim().parse::<u64>().ok());
    let cold = text
        .lines()
        .find_map(|l| l.strip_prefix("cold_start_ms ")?.split_whitespace().next()?.parse::<f64>().ok());
    let noop = loads(&text, "noop", "1row");
    let noop_rps = median(&noop.iter().map(|l| l[0]).collect::<Vec<_>>());
    let targets = [
        ("hearth", "serving throughput (4 connections)"),
        ("bare", "serving throughput, worker alone (4 connections)"),
    ];
    for ((body, label), (side, task)) in
        targets.iter().flat_map(|t| [("1row", "1-row body"), ("100rows", "100-row body")].map(|b| (b, *t)))
    {
        let hearth = loads(&text, side, body);
        let peer = loads(&text, "peer", body);
        let mut row = Row::new(task, label, Unit::PerSecond, "`mlflow models serve` 3.17.2");
        row.hearth = median(&hearth.iter().map(|l| l[0]).collect::<Vec<_>>());
        row.peer = median(&peer.iter().map(|l| l[0]).collect::<Vec<_>>());
        row.runs = hearth.len();
        // Both servers' peaks over the whole load (all bodies): the same figure on both rows.
        row.hearth_rss_kb = hearth_peak_kb;
        row.peer_rss_kb = peer_peak_kb;
        let p = |v: &[[f64; 4]], i: usize| median(&v.iter().map(|l| l[i]).collect::<Vec<_>>());
        let errors: f64 = hearth.iter().chain(&peer).map(|l| l[3]).sum();
        let (lat, peer_lat) = (lines(&text, "latency", side, body), lines(&text, "latency", "peer", body));
        row.delta = if lat.is_empty() {
            String::new()
        } else {
            format!(
                "per request (oha): p50 {} vs {}, p99 {} vs {}, p99.9 {} vs {}; ",
                fmt_ms(p(&lat, 0)),
                fmt_ms(p(&peer_lat, 0)),
                fmt_ms(p(&lat, 1)),
                fmt_ms(p(&peer_lat, 1)),
                fmt_ms(p(&lat, 2)),
                fmt_ms(p(&peer_lat, 2))
            )
        };
        row.delta.push_str(&format!(
            "wrk (coordinated-omission corrected): p50 {} vs {}, p99 {} vs {}; non-2xx {errors}",
            fmt_ms(p(&hearth, 1)),
            fmt_ms(p(&peer, 1)),
            fmt_ms(p(&hearth, 2)),
            fmt_ms(p(&peer, 2))
        ));
        if let (Some(rps), "1row") = (noop_rps, body) {
            row.delta.push_str(&format!("; a do-nothing JS worker as deployed: {rps:.0} req/s"));
        }
        if !peer_note.is_empty() {
            row.delta.push_str(&format!("; {peer_note}"));
        }
        let throughput = row.advantage().map(|a| a >= 20.0);
        row.goal = Some(if body == "1row" {
            // Each request's own p99 when measured; wrk's corrected one otherwise.
            let p99 = if lat.is_empty() { p(&hearth, 2) } else { p(&lat, 1) }.map(|v| v < 5.0);
            Goal {
                text: "≥ 20× MLflow's req/s and p99 < 5 ms (issue 5)".into(),
                met: match (throughput, p99) {
                    (Some(a), Some(b)) => Some(a && b),
                    (None, Some(false)) => Some(false),
                    _ => None,
                },
            }
        } else {
            Goal { text: "≥ 20× MLflow's req/s (issue 5)".into(), met: throughput }
        });
        ctx.rows.push(row);
    }
    let mut row = Row::new(
        "serving cold start",
        "Miniflare start + deploy + first prediction vs start to first /ping",
        Unit::Seconds,
        "`mlflow models serve`",
    );
    row.hearth = cold.map(|ms| ms / 1e3);
    row.peer = startup_s;
    row.runs = 1;
    ctx.rows.push(row);
    ctx.note(format!(
        "serving: wrk -t1 -c4 -d{seconds}s --timeout 2s on 127.0.0.1, {runs} alternating runs per body after one \
         unrecorded 2 s warm-up run per server; each wrk run is followed by an oha {OHA_VERSION} run of the same shape \
         (-c4, {seconds} s) for each request's own latency. wrk's percentiles are corrected for coordinated \
         omission (wrk 4 counts, behind every stall, the requests a steady sender would have queued), so one \
         100 ms pause of the server weighs like ~100 slow requests; oha's are the requests' own times. Both sides get \
         `{{\"dataframe_records\": [...]}}` on /invocations. The worker serves the demo bundle (default pipeline on \
         `hearth data sample --rows 545 --seed 42`); MLflow serves scikit-learn Ridge with the same preprocessing \
         fitted on the same rows (benches/peers/mlflow_model.py), `--env-manager local`, one worker. \
         \"As deployed\" is the worker with wrangler.toml's static assets, which Miniflare emulates with a router \
         worker in front of it (Cloudflare routes in its own front end); \"worker alone\" is the same worker and \
         bundle without that emulation, measured after the first (the peer's figure is from the first phase); a \
         do-nothing JS worker (benches/edge/noop) served as deployed shows the runtime's ceiling. Server peak \
         RSS (VmHWM read from /proc after the last load run, over all bodies): the `workerd` process Miniflare \
         started (not Node/Miniflare, which only drive it) vs every process of `mlflow models serve`'s group \
         (the CLI and its uvicorn worker, each one's peak added)."
    ));
    Ok(())
}

/// The `load SIDE BODY rps p50 p99 non2xx` lines of predict.mjs for one side and body.
fn loads(text: &str, side: &str, body: &str) -> Vec<[f64; 4]> {
    lines(text, "load", side, body)
}

/// predict.mjs's `KIND SIDE BODY a b c d` lines for one side and body: `load` (wrk: req/s, p50,
/// p99, non-2xx) or `latency` (oha: p50, p99, p99.9, max).
fn lines(text: &str, kind: &str, side: &str, body: &str) -> Vec<[f64; 4]> {
    text.lines()
        .filter_map(|l| {
            let parts: Vec<&str> = l.split_whitespace().collect();
            match parts.as_slice() {
                [k, s, b, rest @ ..] if *k == kind && *s == side && *b == body && rest.len() == 4 => {
                    let v: Vec<f64> = rest.iter().map(|x| x.parse().unwrap_or(f64::NAN)).collect();
                    Some([v[0], v[1], v[2], v[3]])
                }
                _ => None,
            }
        })
        .collect()
}

fn fmt_ms(v: Option<f64>) -> String {
    v.map_or("—".into(), |v| format!("{v:.2} ms"))
}

/// Trains and saves the peer model, starts `mlflow models serve` on a free loopback port and waits
/// for `/ping` (at most 120 s); returns the guard, the `/invocations` URL and the startup time.
fn start_mlflow(ctx: &Ctx, mlflow: &Path) -> Result<(ServerGuard, String, f64), String> {
    let python = ctx.python.as_ref().ok_or("no python")?;
    let rows = data::sample(&ctx.hearth, &ctx.data_dir(), 545, 42, "baseline")?;
    let model_dir = ctx.work.join("mlflow-model");
    let peers = env::root().join("benches/peers");
    super::measure::measure(
        Command::new(python)
            .arg(peers.join("mlflow_model.py"))
            .arg(&rows)
            .arg("price")
            .arg(&model_dir)
            .current_dir(&peers),
    )?;
    let port =
        TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let log = std::fs::File::create(ctx.work.join("mlflow-serve.log")).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let child = Command::new(mlflow)
        .args(["models", "serve", "-m"])
        .arg(&model_dir)
        .args(["--env-manager", "local", "-h", "127.0.0.1", "-p", &port.to_string(), "-w", "1"])
        .env("MLFLOW_TRACKING_URI", ctx.work.join("mlruns"))
        // mlflow execs `uvicorn` by name: the venv's bin folder must come first on PATH.
        .env("PATH", venv_path(mlflow)?)
        .stdin(Stdio::null())
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log)
        .process_group(0)
        .spawn()
        .map_err(|e| format!("cannot start mlflow: {e}"))?;
    let mut guard = ServerGuard(child);
    while started.elapsed() < Duration::from_secs(120) {
        if let Ok(Some(status)) = guard.0.try_wait() {
            return Err(format!("mlflow exited ({status}); see target/bench/mlflow-serve.log"));
        }
        if ping(port) {
            let secs = started.elapsed().as_secs_f64();
            println!("serve: mlflow models serve up on 127.0.0.1:{port} after {secs:.1} s");
            return Ok((guard, format!("http://127.0.0.1:{port}/invocations"), secs));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err("no 200 from /ping within 120 s; see target/bench/mlflow-serve.log".into())
}

/// oha, the crate registry's HTTP load generator, pinned; installed with `cargo install` when missing.
const OHA_VERSION: &str = "1.4.6";

/// Makes sure `oha` on PATH is [`OHA_VERSION`], installing it first when needed (a few minutes,
/// once per machine).
fn ensure_oha() -> Result<(), String> {
    let installed = || {
        crate::run::output("oha", &["--version"]).filter(|v| v.split_whitespace().any(|w| w == OHA_VERSION))
    };
    if installed().is_none() {
        println!("serve: installing oha {OHA_VERSION} from crates.io (once)");
        crate::run::status(&mut crate::run::command(
            "cargo",
            &["install", "oha", "--version", OHA_VERSION, "--locked"],
            &env::root(),
        ))?;
    }
    installed().map(drop).ok_or_else(|| format!("oha {OHA_VERSION} not found on PATH after installing it"))
}

/// PATH with the folder of `bin` (the venv's bin) in front.
fn venv_path(bin: &Path) -> Result<std::ffi::OsString, String> {
    let mut dirs = vec![bin.parent().ok_or("venv bin has no folder")?.to_path_buf()];
    dirs.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    std::env::join_paths(dirs).map_err(|e| e.to_string())
}

/// GET /ping answers 200.
fn ping(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    if stream.write_all(b"GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.1 200")
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_load_lines_per_side_and_body() {
        let text = "cold_start_ms 900\nload hearth 1row 4000 0.8 2.5 0\nload peer 1row 150 25 40 0\nload hearth 100rows 900 4 9 1\n";
        assert_eq!(super::loads(text, "hearth", "1row"), vec![[4000.0, 0.8, 2.5, 0.0]]);
        assert_eq!(super::loads(text, "peer", "1row"), vec![[150.0, 25.0, 40.0, 0.0]]);
        assert!(super::loads(text, "peer", "100rows").is_empty());
        let text = "load bare 1row 3000 1.1 60 0\nlatency bare 1row 1.2 9.5 40 80\n";
        assert_eq!(super::lines(text, "latency", "bare", "1row"), vec![[1.2, 9.5, 40.0, 80.0]]);
        assert!(super::lines(text, "latency", "hearth", "1row").is_empty());
    }
}
