//! An S3 bucket as the team remote, through the built `hearth` binary, against a real
//! S3-compatible server started here: moto (PyPI `moto[server]`, in the venv `cargo xtask test
//! --suite s3` installs) with request authentication on, so every request the CLI makes must carry
//! a SigV4 signature that moto, recomputing it with botocore, accepts. The same story as the worker
//! remote's `tests/edge/remote.test.mjs`: two workspaces share data, runs and models; a lost
//! promotion race is a conflict naming both versions; a corrupted object is refused on pull.
//!
//! The moto tests are `#[ignore]`d in plain `cargo test` (they need the venv); the `s3` suite runs
//! them with `--include-ignored`, and there a missing moto is a failure, not a skip.

mod support;

use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::{Run, Ws};

const MODEL: &str = "house_price_prediction_prod";
const BUCKET: &str = "hearth-team";
const URL: &str = "s3://hearth-team/ml/house";
const PREFIX: &str = "ml/house/";
const CONFLICT: i32 = 5;
const INVALID_INPUT: i32 = 3;

/// A moto server on a free loopback port, with an IAM user allowed `s3:*`; killed when dropped.
struct Moto {
    child: Child,
    venv: PathBuf,
    endpoint: String,
    access_key: String,
    secret_key: String,
}

impl Moto {
    /// Starts moto from `$HEARTH_MOTO_VENV` (default `/tmp/venv-hearth-moto`, where the `s3` suite
    /// installs it), creates the user and the bucket, then turns authentication on.
    fn start() -> Moto {
        let venv = PathBuf::from(std::env::var("HEARTH_MOTO_VENV").unwrap_or("/tmp/venv-hearth-moto".into()));
        let server = venv.join("bin/moto_server");
        assert!(
            server.is_file(),
            "no moto at {} (cargo xtask test --suite s3 installs it)",
            server.display()
        );
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(&server)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(match std::env::var_os("HEARTH_MOTO_LOG") {
                // Its request log (method, path, status), for looking into a failure.
                Some(log) => Stdio::from(std::fs::File::create(log).unwrap()),
                None => Stdio::null(),
            })
            .spawn()
            .unwrap();
        let endpoint = format!("http://127.0.0.1:{port}");
        let mut moto = Moto { child, venv, endpoint, access_key: String::new(), secret_key: String::new() };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(60), "moto did not listen on {port}");
            std::thread::sleep(Duration::from_millis(100));
        }
        let keys = moto.admin(&["setup", &moto.endpoint.clone(), BUCKET]);
        let keys = String::from_utf8(keys).unwrap();
        let (ak, sk) = keys.trim().split_once(' ').expect("setup prints the key pair");
        (moto.access_key, moto.secret_key) = (ak.to_string(), sk.to_string());
        moto
    }

    /// Runs `cli/tests/s3/moto_admin.py` (boto3: an S3 client independent of Hearth's).
    fn admin(&self, args: &[&str]) -> Vec<u8> {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/s3/moto_admin.py");
        let out = Command::new(self.venv.join("bin/python")).arg(script).args(args).output().unwrap();
        assert!(out.status.success(), "moto_admin {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    }

    /// The bytes of `key` in the bucket, read with boto3.
    fn get(&self, key: &str) -> Vec<u8> {
        self.admin(&["get", &self.endpoint, BUCKET, key, &self.access_key, &self.secret_key])
    }

    /// Overwrites `key` in the bucket with the bytes of `file` by a plain boto3 PutObject.
    fn put(&self, key: &str, file: &Path) {
        self.admin(&[
            "put",
            &self.endpoint,
            BUCKET,
            key,
            file.to_str().unwrap(),
            &self.access_key,
            &self.secret_key,
        ]);
    }

    fn vars(&self) -> [(&str, &str); 2] {
        [("AWS_ACCESS_KEY_ID", &self.access_key), ("AWS_SECRET_ACCESS_KEY", &self.secret_key)]
    }

    /// A fresh workspace signing with `key_from`'s bundle key, with this bucket as remote `team`.
    fn workspace(&self, key_from: Option<&Ws>) -> Ws {
        let ws = Ws::new();
        if let Some(other) = key_from {
            std::fs::copy(other.path(".hearth/signing.key"), ws.path(".hearth/signing.key")).unwrap();
        }
        ws.expect(0, &["remote", "add", "team", URL, "--endpoint", &self.endpoint]);
        ws
    }

    /// `hearth ARGS` in `ws` with this server's credentials, asserting exit `code`.
    fn run(&self, ws: &Ws, code: i32, args: &[&str]) -> Run {
        let run = ws.hearth_env(args, &self.vars());
        assert_eq!(
            run.code,
            code,
            "`hearth {}`\nstdout:\n{}\nstderr:\n{}",
            args.join(" "),
            run.stdout,
            run.stderr
        );
        run
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A pass-through HTTP proxy in front of moto that, once armed, holds the first write of the
/// manifest and runs `meanwhile` before forwarding it: a deterministic lost race for the writer.
/// Requests keep their bytes (so their signatures stay valid); each goes upstream on its own
/// connection and every answer closes its connection.
struct Proxy {
    endpoint: String,
    hook: Hook,
    /// Manifest writes answered 412 Precondition Failed.
    lost: Arc<AtomicUsize>,
}

/// What the proxy runs before forwarding the next manifest write (taken once).
type Hook = Arc<Mutex<Option<Box<dyn FnOnce() + Send>>>>;

impl Proxy {
    fn start(upstream: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let hook: Hook = Arc::new(Mutex::new(None));
        let lost = Arc::new(AtomicUsize::new(0));
        let (shared, counted) = (Arc::clone(&hook), Arc::clone(&lost));
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let (hook, lost) = (Arc::clone(&shared), Arc::clone(&counted));
                std::thread::spawn(move || Proxy::forward(client, upstream, &hook, &lost));
            }
        });
        Proxy { endpoint, hook, lost }
    }

    fn arm(&self, meanwhile: impl FnOnce() + Send + 'static) {
        *self.hook.lock().unwrap() = Some(Box::new(meanwhile));
    }

    fn forward(client: TcpStream, upstream: u16, hook: &Hook, lost: &AtomicUsize) {
        let mut reader = BufReader::new(client.try_clone().unwrap());
        let (mut head, mut length) = (String::new(), 0);
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap();
            }
            if line == "\r\n" {
                break;
            }
            if !line.to_ascii_lowercase().starts_with("connection:") {
                head.push_str(&line);
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let manifest_write = head.starts_with("PUT ") && head.lines().next().unwrap().contains("/meta.json ");
        if manifest_write {
            let meanwhile = hook.lock().unwrap().take();
            if let Some(meanwhile) = meanwhile {
                meanwhile();
            }
        }
        let mut up = TcpStream::connect(("127.0.0.1", upstream)).unwrap();
        up.write_all(format!("{head}connection: close\r\n\r\n").as_bytes()).unwrap();
        up.write_all(&body).unwrap();
        let mut answer = Vec::new();
        up.read_to_end(&mut answer).unwrap();
        if manifest_write && answer.starts_with(b"HTTP/1.1 412") {
            lost.fetch_add(1, Ordering::SeqCst);
        }
        let split = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head: String = String::from_utf8_lossy(&answer[..split])
            .split("\r\n")
            .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
            .map(|l| format!("{l}\r\n"))
            .collect();
        let mut client = client;
        client.write_all(format!("{head}connection: close\r\n\r\n").as_bytes()).unwrap();
        client.write_all(&answer[split + 4..]).unwrap();
    }
}

/// Generates and imports `rows` rows of `scenario`, then trains (the gate accepting anything).
fn dataset_and_train(ws: &Ws, rows: u32, seed: u32, scenario: &str) {
    let csv = format!("sample-{rows}-{seed}.csv");
    let (rows, seed) = (rows.to_string(), seed.to_string());
    ws.expect(
        0,
        &["data", "sample", "--rows", &rows, "--seed", &seed, "--scenario", scenario, "--out", &csv],
    );
    ws.expect(0, &["data", "import", &csv]);
    ws.expect(0, &["--json", "pipeline", "run", "--param", "gate.min_r2=-1000000000"]);
}

/// Every shared key of a workspace's store (not its `remote/` state) → SHA-256 of its value.
fn store_hashes(ws: &Ws) -> BTreeMap<String, String> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let name = decode(e.file_name().to_str().unwrap().trim_end_matches('~'));
            if e.file_type().unwrap().is_dir() {
                walk(&e.path(), &format!("{prefix}{name}/"), out);
            } else {
                out.insert(
                    format!("{prefix}{name}"),
                    hex::encode(Sha256::digest(std::fs::read(e.path()).unwrap())),
                );
            }
        }
    }
    fn decode(s: &str) -> String {
        let b = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' && i + 2 < b.len() {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }
    let mut out = BTreeMap::new();
    walk(&ws.path(".hearth/store/values"), "", &mut out);
    out.retain(|k, _| !k.starts_with("remote/"));
    out
}

/// The content-addressed keys of a store and their total bytes.
fn objects(ws: &Ws) -> (Vec<String>, u64) {
    let keys: Vec<String> = store_hashes(ws)
        .into_keys()
        .filter(|k| {
            let (dir, last) = k.rsplit_once('/').unwrap();
            ["data/blobs/sha256", "registry/bundles", "pipeline/artifacts", "pipeline/definitions"]
                .contains(&dir)
                && last.len() == 64
        })
        .collect();
    let bytes = keys.iter().map(|k| std::fs::metadata(value_path(ws, k)).unwrap().len()).sum();
    (keys, bytes)
}

fn value_path(ws: &Ws, key: &str) -> PathBuf {
    ws.path(&format!(".hearth/store/values/{key}~"))
}

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    println!("     {what}: {:.2} s", started.elapsed().as_secs_f64());
    out
}

#[test]
#[ignore = "needs moto: cargo xtask test --suite s3"]
fn two_workspaces_share_data_runs_and_models_through_a_bucket() {
    let moto = Moto::start();
    let a = moto.workspace(None);
    let b = moto.workspace(Some(&a));
    dataset_and_train(&a, 150, 3, "price-shift");
    dataset_and_train(&a, 1000, 4, "baseline");

    // A pushes every object once; counts and bytes are reported.
    let (keys, bytes) = objects(&a);
    let status = moto.run(&a, 0, &["--json", "status", "--remote"]).json();
    assert_eq!(
        (status["objects_to_push"].as_u64(), status["bytes_to_push"].as_u64()),
        (Some(keys.len() as u64), Some(bytes))
    );
    let pushed = timed("first push", || moto.run(&a, 0, &["--json", "push"]).json());
    println!("     first push: {pushed}");
    assert_eq!(pushed["objects_sent"].as_u64(), Some(keys.len() as u64));
    assert_eq!(pushed["bytes_sent"].as_u64(), Some(bytes));
    assert!(pushed["records"].as_u64() > Some(0) && pushed["pointers"].as_u64() > Some(0), "{pushed}");
    for key in &keys {
        let hash = key.rsplit_once('/').unwrap().1;
        let stored = moto.get(&format!("{PREFIX}objects/{hash}"));
        assert_eq!(hex::encode(Sha256::digest(&stored)), hash, "boto3 reads {key} back intact");
    }
    let manifest: Value = serde_json::from_slice(&moto.get(&format!("{PREFIX}meta.json"))).unwrap();
    let champion = manifest["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == format!("registry/models/{MODEL}/aliases/champion"))
        .expect("the champion alias is committed");
    assert_eq!(champion["value"], "2");
    assert_eq!(champion["updated_by"], moto.access_key.as_str(), "every write records who");
    let again = moto.run(&a, 0, &["--json", "push"]).json();
    assert_eq!(
        [&again["objects_sent"], &again["records"], &again["pointers"]],
        [&Value::from(0), &Value::from(0), &Value::from(0)],
        "nothing left to send: {again}"
    );

    // B pulls: identical stores, dataset versions, runs and registry.
    let pulled = timed("first pull", || moto.run(&b, 0, &["--json", "pull"]).json());
    assert_eq!(pulled["objects_received"].as_u64(), Some(keys.len() as u64));
    assert_eq!(pulled["bytes_received"].as_u64(), Some(bytes));
    assert_eq!(store_hashes(&b), store_hashes(&a));
    for args in [&["data", "list"][..], &["runs", "list"], &["models", "list"], &["models", "show", MODEL]] {
        let json = |ws: &Ws| ws.expect(0, &[&["--json"], args].concat()).json();
        assert_eq!(json(&b), json(&a), "{args:?}");
    }
    assert!(moto.run(&b, 0, &["status", "--remote"]).stdout.contains("pointers: in sync"));

    // B promotes v1 and pushes; A trains v3 (its champion) and loses the race: exit 5, both
    // versions named, and the manifest is untouched.
    b.expect(0, &["models", "promote", MODEL, "1"]);
    let promoted = moto.run(&b, 0, &["--json", "push", &format!("{MODEL}@champion")]).json();
    assert_eq!(promoted["pointers"].as_u64(), Some(1));
    dataset_and_train(&a, 2000, 5, "baseline");
    let before = moto.get(&format!("{PREFIX}meta.json"));
    let lost = moto.run(&a, CONFLICT, &["push"]);
    let expected = format!(
        "{MODEL}@champion is version 3 here but version 1 on the remote (set by {})",
        moto.access_key
    );
    assert!(lost.stderr.contains(&expected), "{}", lost.stderr);
    assert_eq!(moto.get(&format!("{PREFIX}meta.json")), before, "the losing commit wrote nothing");

    // A pulls and takes B's champion, naming its own replaced value.
    let taken = moto.run(&a, 0, &["pull"]);
    assert!(
        taken.stderr.contains("champion is version 3 here but version 1 on the remote"),
        "{}",
        taken.stderr
    );
    let shown = a.expect(0, &["--json", "models", "show", MODEL]).json();
    let v1 = shown.as_array().unwrap().iter().find(|v| v["version"] == 1).unwrap();
    assert!(v1["aliases"].as_array().unwrap().contains(&Value::from("champion")), "{shown}");

    // The objects of the lost push were uploaded already: the next push sends none of them.
    let resumed = moto.run(&a, 0, &["--json", "push"]).json();
    assert_eq!(resumed["objects_sent"].as_u64(), Some(0), "{resumed}");
    assert!(
        resumed["objects_skipped"].as_u64() > Some(0) && resumed["records"].as_u64() > Some(0),
        "{resumed}"
    );
    moto.run(&b, 0, &["pull"]);
    assert_eq!(store_hashes(&b), store_hashes(&a));

    // Both set the same new alias at once: their commits race on the manifest's ETag, and
    // exactly one wins; the other is a conflict naming the winner's version.
    a.expect(0, &["models", "alias", MODEL, "challenger", "3"]);
    b.expect(0, &["models", "alias", MODEL, "challenger", "2"]);
    let racers: Vec<_> = [&a, &b]
        .iter()
        .map(|ws| {
            Command::new(env!("CARGO_BIN_EXE_hearth"))
                .args(["push", &format!("{MODEL}@challenger")])
                .current_dir(ws.path(""))
                .env_remove("HEARTH_WORKSPACE")
                .envs(moto.vars())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outcomes: Vec<_> = racers.into_iter().map(|c| c.wait_with_output().unwrap()).collect();
    let codes: Vec<i32> = outcomes.iter().map(|o| o.status.code().unwrap()).collect();
    assert!(codes == [0, CONFLICT] || codes == [CONFLICT, 0], "one winner, one conflict: {codes:?}");
    let loser = String::from_utf8_lossy(&outcomes[usize::from(codes[0] == 0)].stderr).into_owned();
    let (mine, theirs) = if codes[0] == 0 { ("2", "3") } else { ("3", "2") };
    let named = format!("{MODEL}@challenger is version {mine} here but version {theirs} on the remote");
    assert!(loser.contains(&named), "{loser}");
}

#[test]
#[ignore = "needs moto: cargo xtask test --suite s3"]
fn a_corrupted_object_and_a_wrong_secret_are_refused() {
    let moto = Moto::start();
    let a = moto.workspace(None);
    let csv = a.path("sample.csv");
    a.expect(0, &["data", "sample", "--rows", "300", "--seed", "8", "--out", csv.to_str().unwrap()]);
    a.expect(0, &["data", "import", csv.to_str().unwrap()]);
    moto.run(&a, 0, &["push"]);

    // Someone overwrites the dataset's bytes in the bucket with a plain S3 PUT.
    let (keys, _) = objects(&a);
    let hash = keys[0].rsplit_once('/').unwrap().1.to_string();
    moto.put(&format!("{PREFIX}objects/{hash}"), &a.write("replacement.bin", b"not the dataset"));
    let c = moto.workspace(Some(&a));
    let refused = moto.run(&c, INVALID_INPUT, &["pull"]);
    let actual = hex::encode(Sha256::digest(b"not the dataset"));
    assert!(
        refused.stderr.contains(&format!("failed verification: expected sha256 {hash}, got {actual}")),
        "{}",
        refused.stderr
    );
    assert!(store_hashes(&c).is_empty(), "nothing of the refused pull is stored: {:?}", store_hashes(&c));

    // A wrong secret or an unknown key: S3's 403, its words kept.
    let wrong = c.hearth_env(
        &["pull"],
        &[("AWS_ACCESS_KEY_ID", &moto.access_key), ("AWS_SECRET_ACCESS_KEY", "wrong")],
    );
    assert_eq!(wrong.code, 1, "{}", wrong.stderr);
    assert!(wrong.stderr.contains("refused the request (403): SignatureDoesNotMatch"), "{}", wrong.stderr);
    let unknown = c.hearth_env(
        &["status", "--remote"],
        &[("AWS_ACCESS_KEY_ID", "AKIANOBODY"), ("AWS_SECRET_ACCESS_KEY", "x")],
    );
    assert_eq!(unknown.code, 1, "{}", unknown.stderr);
    assert!(unknown.stderr.contains("(403): InvalidAccessKeyId"), "{}", unknown.stderr);

    // A bucket that does not exist is named.
    c.expect(0, &["remote", "add", "gone", "s3://no-such-bucket/x", "--endpoint", &moto.endpoint]);
    let gone = moto.run(&c, 1, &["status", "--remote", "gone"]);
    assert!(gone.stderr.contains("bucket `no-such-bucket` does not exist"), "{}", gone.stderr);
}

#[test]
#[ignore = "needs moto: cargo xtask test --suite s3"]
fn a_commit_that_loses_the_manifest_race_judges_again() {
    let moto = Moto::start();
    let proxy = Proxy::start(moto.endpoint.rsplit_once(':').unwrap().1.parse().unwrap());
    let a = moto.workspace(None);
    a.expect(0, &["remote", "add", "proxied", URL, "--endpoint", &proxy.endpoint]);
    let b = moto.workspace(Some(&a));
    let import = |ws: &Ws, seed: &str, tag: &str| -> String {
        let csv = format!("{tag}-{seed}.csv");
        ws.expect(0, &["data", "sample", "--rows", "100", "--seed", seed, "--out", &csv]);
        ws.expect(0, &["--json", "data", "import", &csv, "--tag", tag]).json()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    import(&a, "1", "base");
    moto.run(&a, 0, &["push", "--remote", "team"]);
    moto.run(&b, 0, &["pull"]);
    let pointers = || -> BTreeMap<String, String> {
        let manifest: Value = serde_json::from_slice(&moto.get(&format!("{PREFIX}meta.json"))).unwrap();
        let entries = manifest["entries"].as_array().unwrap().iter();
        entries
            .filter(|e| e["class"] == "pointer")
            .map(|e| (e["key"].as_str().unwrap().to_string(), e["value"].as_str().unwrap().to_string()))
            .collect()
    };
    // B's push lands while A's manifest write is held by the proxy.
    let push_b = |tag: &'static str| {
        let (dir, vars) = (b.path(""), moto.vars().map(|(k, v)| (k.to_string(), v.to_string())));
        move || {
            let out = Command::new(env!("CARGO_BIN_EXE_hearth"))
                .args(["push", tag])
                .current_dir(dir)
                .envs(vars)
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        }
    };

    // Different keys: A's write is refused (412), A reads again, and both changes land.
    let mine = import(&a, "2", "a-side");
    let theirs = import(&b, "3", "b-side");
    proxy.arm(push_b("b-side"));
    moto.run(&a, 0, &["push", "a-side", "--remote", "proxied"]);
    assert_eq!(proxy.lost.load(Ordering::SeqCst), 1, "A's first manifest write lost the race");
    let now = pointers();
    assert_eq!(
        (now["data/tags/a-side"].as_str(), now["data/tags/b-side"].as_str()),
        (mine.as_str(), theirs.as_str())
    );

    // The same key: after the 412, A's expectation (absent) no longer holds: a conflict naming both.
    let mine = import(&a, "4", "release");
    let theirs = import(&b, "5", "release");
    proxy.arm(push_b("release"));
    let lost = moto.run(&a, CONFLICT, &["push", "release", "--remote", "proxied"]);
    assert_eq!(proxy.lost.load(Ordering::SeqCst), 2);
    let named = format!("`data/tags/release` is {mine} here but {theirs} on the remote");
    assert!(lost.stderr.contains(&named), "{}", lost.stderr);
    assert_eq!(pointers()["data/tags/release"], theirs);
}

/// Needs no server: what `remote add` refuses, and what a push says without credentials or server.
#[test]
fn s3_remotes_are_checked_when_added_and_when_used() {
    let ws = Ws::new();
    let refused = ws.expect(INVALID_INPUT, &["remote", "add", "team", "s3://Team_Data/x"]);
    assert!(
        refused.stderr.contains("bucket name `Team_Data` may hold only lower-case letters"),
        "{}",
        refused.stderr
    );
    let refused = ws.expect(
        INVALID_INPUT,
        &["remote", "add", "team", "s3://team-data/x", "--endpoint", "localhost:9000"],
    );
    assert!(refused.stderr.contains("must start with http:// or https://"), "{}", refused.stderr);
    let refused =
        ws.expect(INVALID_INPUT, &["remote", "add", "team", "https://w.example", "--region", "eu-west-1"]);
    assert!(refused.stderr.contains("--endpoint and --region are for s3:// remotes"), "{}", refused.stderr);
    assert_eq!(ws.expect(0, &["--json", "remote", "list"]).json(), Value::Array(vec![]), "nothing stored");

    // A port nobody listens on.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let endpoint = format!("http://127.0.0.1:{port}");
    let added = ws
        .expect(0, &["--json", "remote", "add", "team", "s3://team-data/x/", "--endpoint", &endpoint])
        .json();
    assert_eq!(added["url"], "s3://team-data/x");
    assert_eq!(added["s3"]["region"], "us-east-1");
    assert_eq!(added["s3"]["access_key_env"], "AWS_ACCESS_KEY_ID");
    let no_keys = Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["push"])
        .current_dir(ws.path(""))
        .env_remove("HEARTH_WORKSPACE")
        .env_remove("AWS_ACCESS_KEY_ID")
        .output()
        .unwrap();
    assert_eq!(no_keys.status.code(), Some(INVALID_INPUT));
    assert!(String::from_utf8_lossy(&no_keys.stderr)
        .contains("needs its access key id in the environment variable AWS_ACCESS_KEY_ID"));
    let down = ws.hearth_env(&["push"], &[("AWS_ACCESS_KEY_ID", "a"), ("AWS_SECRET_ACCESS_KEY", "s")]);
    assert_eq!(down.code, 1, "{}", down.stderr);
    assert!(down.stderr.contains(&format!("{endpoint} is unreachable")), "{}", down.stderr);
}
