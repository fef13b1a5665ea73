//! Test environment: a temporary directory with its own database, the
//! `trappa` binary, and a server spawned on a free port.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_trappa");

pub struct TestEnv {
    pub dir: tempfile::TempDir,
    /// With `TRAPPA_TEST_PG` set, this environment's PostgreSQL URL and
    /// its own schema (tenant); otherwise the SQLite file `trappa.db`.
    pub postgres: Option<(String, String)>,
    /// A SQLite file elsewhere than `trappa.db` in `dir` (see `with_db`).
    pub db_file: Option<PathBuf>,
}

/// The PostgreSQL the whole suite runs against when `TRAPPA_TEST_PG` is set.
pub fn suite_postgres() -> Option<String> {
    std::env::var("TRAPPA_TEST_PG")
        .ok()
        .filter(|u| !u.is_empty())
}

/// A schema name no other test uses.
pub fn fresh_schema() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!(
        "t_{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed),
        nanos
    )
}

pub const ROUND_FILE: &str = r#"
municipality = "Solvik"
instruments = ["samhandlingstrappa", "innovasjonsplakaten", "kommentar"]
units = ["Kulturskolen", { name = "Plan, miljø og landbruk", invited = 12 }, "Solvik barneskole"]
relations = [{ key = "skole", label = "Skole" }, { key = "frivillighet", label = "Frivillighet" }]
"#;

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().expect("temp dir"),
            postgres: suite_postgres().map(|url| (url, fresh_schema())),
            db_file: None,
        }
    }

    /// An environment on a SQLite file, whatever the suite uses.
    pub fn on_sqlite() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().expect("temp dir"),
            postgres: None,
            db_file: None,
        }
    }

    /// An environment on PostgreSQL at `url` in `schema`, whatever the suite uses.
    pub fn on_postgres(url: &str, schema: &str) -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().expect("temp dir"),
            postgres: Some((url.to_string(), schema.to_string())),
            db_file: None,
        }
    }

    /// Whether this environment's database is the SQLite file.
    pub fn is_sqlite(&self) -> bool {
        self.postgres.is_none()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn db(&self) -> PathBuf {
        self.db_file
            .clone()
            .unwrap_or_else(|| self.path("trappa.db"))
    }

    /// The same environment on the SQLite file `db` (on another file
    /// system, say).
    pub fn with_db(mut self, db: PathBuf) -> TestEnv {
        self.postgres = None;
        self.db_file = Some(db);
        self
    }

    /// The database URL and schema, as `open_tenant` takes them.
    pub fn store_url(&self) -> (String, String) {
        match &self.postgres {
            Some((url, schema)) => (url.clone(), schema.clone()),
            None => (self.db().display().to_string(), "trappa".to_string()),
        }
    }

    /// This environment's store, opened in this process.
    pub async fn store(&self) -> std::sync::Arc<dyn trappa::store::Store> {
        let (url, schema) = self.store_url();
        trappa::store::open_tenant(&url, &schema)
            .await
            .expect("store")
    }

    /// Runs `sql` on this environment's database directly, past trappa:
    /// to damage or age it on purpose.
    pub async fn execute_sql(&self, sql: &str) {
        use sqlx::Connection;
        match &self.postgres {
            Some((url, schema)) => {
                let mut c = sqlx::PgConnection::connect(url).await.expect("connect");
                sqlx::raw_sql(&format!("SET search_path TO \"{schema}\"; {sql}"))
                    .execute(&mut c)
                    .await
                    .expect("sql");
            }
            None => {
                let url = format!("sqlite:{}", self.db().display());
                let mut c = sqlx::SqliteConnection::connect(&url)
                    .await
                    .expect("connect");
                sqlx::raw_sql(sql).execute(&mut c).await.expect("sql");
            }
        }
    }

    /// The number of rows in `table`, read past trappa.
    pub async fn count_rows(&self, table: &str) -> i64 {
        use sqlx::Connection;
        let sql = format!("SELECT COUNT(*) FROM {table}");
        match &self.postgres {
            Some((url, schema)) => {
                let mut c = sqlx::PgConnection::connect(url).await.expect("connect");
                sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{schema}\".{table}"))
                    .fetch_one(&mut c)
                    .await
                    .expect("count")
            }
            None => {
                let url = format!("sqlite:{}", self.db().display());
                let mut c = sqlx::SqliteConnection::connect(&url)
                    .await
                    .expect("connect");
                sqlx::query_scalar(&sql)
                    .fetch_one(&mut c)
                    .await
                    .expect("count")
            }
        }
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.current_dir(self.dir.path())
            .env_remove("TRAPPA_DB")
            .env_remove("TRAPPA_SCHEMA")
            .env_remove("TRAPPA_SURVEYS");
        match &self.postgres {
            Some((url, schema)) => cmd.args(["--db", url, "--schema", schema]),
            None => cmd.arg("--db").arg(self.db()),
        };
        cmd.args(args);
        cmd
    }

    /// Runs trappa and returns its output, whatever the exit code.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run trappa")
    }

    /// Runs trappa and fails the test unless it succeeded; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "trappa {args:?} failed: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    /// Creates round 2026 from `ROUND_FILE` and opens it.
    pub fn open_round(&self) {
        std::fs::write(self.path("round.toml"), ROUND_FILE).unwrap();
        self.ok(&["round", "create", "2026", "--file", "round.toml"]);
        self.ok(&["round", "open", "2026"]);
    }

    /// A fresh environment with round 2026 open, its server and a client:
    /// the start of most form tests. Bind as `let (env, server, client)` so
    /// the server stops before the directory goes.
    pub fn with_open_survey() -> (TestEnv, Server, reqwest::Client) {
        let env = TestEnv::new();
        env.open_round();
        let server = env.spawn_server();
        (env, server, client())
    }

    pub fn spawn_server(&self) -> Server {
        self.spawn_server_with(&[])
    }

    /// Starts the app in this process on a free port (as `serve` would,
    /// with these `serve` flags), on this environment's database. On a
    /// database without an administrator it adds `admin` with a known
    /// password, as the first start of `serve` does with a random one.
    pub fn spawn_server_with(&self, flags: &[&str]) -> Server {
        let mut options = trappa::web::Options {
            submits_per_minute: trappa::web::DEFAULT_SUBMITS_PER_MINUTE,
            client_timeout: trappa::web::DEFAULT_CLIENT_TIMEOUT,
            trust_proxy: false,
            public_url: None,
            overrides: Vec::new(),
        };
        let mut rest = flags.iter();
        while let Some(flag) = rest.next() {
            match *flag {
                "--submit-limit" => {
                    options.submits_per_minute = rest.next().unwrap().parse().unwrap()
                }
                "--trust-proxy" => options.trust_proxy = true,
                "--client-timeout" => {
                    let secs: u64 = rest.next().unwrap().parse().unwrap();
                    options.client_timeout = std::time::Duration::from_secs(secs);
                }
                "--public-url" => options.public_url = Some(rest.next().unwrap().to_string()),
                other => panic!("spawn_server_with: unknown flag {other}"),
            }
        }
        let (url, schema) = self.store_url();
        let surveys = self.path("surveys");
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let store = trappa::store::open_tenant(&url, &schema)
                    .await
                    .expect("store");
                let library = if surveys.is_dir() {
                    trappa::survey::Library::load(&surveys).expect("survey definitions")
                } else {
                    trappa::survey::Library::builtin()
                };
                let admin_password = first_administrator(store.as_ref()).await;
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                let base = format!("http://{}", listener.local_addr().unwrap());
                let state = trappa::web::AppState::new(store, library, &options);
                ready_tx
                    .send((base, admin_password, state.clock.clone()))
                    .unwrap();
                let stop = async {
                    let _ = stop_rx.await;
                };
                trappa::web::serve(listener, state, stop).await.unwrap();
            });
            runtime.shutdown_timeout(std::time::Duration::from_secs(1));
        });
        let (base, admin_password, clock) = ready_rx.recv().expect("the app started");
        Server {
            base,
            admin_password,
            clock: Some(clock),
            running: Running::InProcess {
                stop: Some(stop_tx),
                thread: Some(thread),
            },
        }
    }

    /// Starts `trappa serve` as its own process, for the tests that kill it.
    pub fn spawn_process_with(&self, flags: &[&str]) -> Server {
        let mut args = vec!["serve", "--addr", "127.0.0.1:0"];
        args.extend_from_slice(flags);
        let mut child = self
            .command(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn server");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let base = loop {
            let line = lines.next().expect("server printed its address").unwrap();
            if let Some(rest) = line.split("http://").nth(1) {
                let addr = rest.split('/').next().unwrap();
                break format!("http://{addr}");
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server {
            base,
            admin_password: None,
            clock: None,
            running: Running::Process(child),
        }
    }

    /// Adds an account through the CLI with a known password.
    pub fn add_user(&self, name: &str, role: &str, units: &[&str]) -> String {
        let password = format!("{name}-Fjellrev-Kobber-72");
        let mut args = vec!["user", "add", name, "--role", role, "--password-stdin"];
        for u in units {
            args.extend(["--unit", u]);
        }
        let mut child = self
            .command(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "user add: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        password
    }

    /// Makes `count` invitation codes for `unit` of `round` with the CLI and
    /// returns them, read back from the CSV it wrote.
    pub fn invite(&self, round: &str, unit: &str, count: usize) -> Vec<String> {
        let out = self.ok(&[
            "invite",
            "--round",
            round,
            "--unit",
            unit,
            "--count",
            &count.to_string(),
            "--public-url",
            "https://trappa.solvik.no",
        ]);
        assert!(out.contains("krever nå kode"), "{out}");
        let csv_name = out
            .lines()
            .map(str::trim)
            .find(|l| l.ends_with(".csv"))
            .expect("invite names its CSV");
        let rows = parse_csv(&std::fs::read(self.path(csv_name)).unwrap());
        rows.iter()
            .map(|r| {
                assert_eq!(cell(r, "unit"), unit);
                assert_eq!(
                    cell(r, "link"),
                    format!(
                        "https://trappa.solvik.no/s/{round}?kode={}",
                        cell(r, "code")
                    )
                );
                cell(r, "code").to_string()
            })
            .collect()
    }

    /// Exported CSV of one round, as rows of (column → value).
    pub fn export_rows(&self, round: &str) -> Vec<Vec<(String, String)>> {
        let csv = self.ok(&["export", "--round", round]);
        parse_csv(csv.as_bytes())
    }
}

impl Drop for TestEnv {
    /// A PostgreSQL environment drops its schema, so runs leave nothing behind.
    fn drop(&mut self) {
        let Some((url, schema)) = self.postgres.clone() else {
            return;
        };
        // A thread of its own: Drop may run inside the test's runtime.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                if let Ok(pool) = sqlx::PgPool::connect(&url).await {
                    let _ = sqlx::query(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))
                        .execute(&pool)
                        .await;
                    pool.close().await;
                }
            });
        })
        .join();
    }
}

pub fn parse_csv(bytes: &[u8]) -> Vec<Vec<(String, String)>> {
    let mut r = csv::ReaderBuilder::new().from_reader(bytes);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

/// The rows of an export in a fixed order of their own (an export follows
/// random ids, so two stores with the same answers list them differently).
pub fn sorted_rows(bytes: &[u8]) -> Vec<Vec<(String, String)>> {
    let mut rows = parse_csv(bytes);
    rows.sort();
    rows
}

pub fn cell<'a>(row: &'a [(String, String)], column: &str) -> &'a str {
    row.iter()
        .find(|(c, _)| c == column)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no column {column}"))
}

/// The password of the administrator that in-process servers add.
pub const ADMIN_PASSWORD: &str = "admin-passord-for-testene";

/// Adds `admin` with `ADMIN_PASSWORD` when the store has no administrator.
async fn first_administrator(store: &dyn trappa::store::Store) -> Option<String> {
    use trappa::auth::{AccountRole, hash_password, new_generation};
    let accounts = store.accounts().await.unwrap();
    if accounts
        .iter()
        .any(|a| a.role == AccountRole::Administrator)
    {
        return None;
    }
    store
        .add_account(&trappa::store::Account {
            name: "admin".into(),
            role: AccountRole::Administrator,
            units: Vec::new(),
            password_hash: hash_password(ADMIN_PASSWORD),
            generation: new_generation(),
            last_login: None,
        })
        .await
        .unwrap();
    Some(ADMIN_PASSWORD.to_string())
}

pub struct Server {
    pub base: String,
    /// The first administrator's password, when this server made it.
    pub admin_password: Option<String>,
    /// The app's clock, for a server in this process: moving it wakes the
    /// app's worker (schedules, reminders, the outbox).
    pub clock: Option<std::sync::Arc<trappa::clock::Clock>>,
    running: Running,
}

enum Running {
    /// The app on a runtime of its own in this process.
    InProcess {
        stop: Option<tokio::sync::oneshot::Sender<()>>,
        thread: Option<std::thread::JoinHandle<()>>,
    },
    /// `trappa serve` as a child process.
    Process(Child),
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The process id of a server started with `spawn_process_with`.
    pub fn pid(&self) -> Option<u32> {
        match &self.running {
            Running::Process(child) => Some(child.id()),
            Running::InProcess { .. } => None,
        }
    }

    /// Stops the server: SIGKILL for a process, shutdown for the app in
    /// this process.
    pub fn kill(&mut self) {
        match &mut self.running {
            Running::Process(child) => {
                let _ = child.kill();
                let _ = child.wait();
            }
            Running::InProcess { stop, thread } => {
                if let Some(stop) = stop.take() {
                    let _ = stop.send(());
                }
                if let Some(thread) = thread.take() {
                    let _ = thread.join();
                }
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Signs `client` in; fails the test unless the login is accepted.
pub async fn login(client: &reqwest::Client, server: &Server, name: &str, password: &str) {
    login_at(client, &server.url("/login"), name, password).await;
}

/// Signs `client` in by posting to `url` (the login page's address with
/// its query, e.g. `?lang=nn`); fails the test unless the login is accepted.
pub async fn login_at(client: &reqwest::Client, url: &str, name: &str, password: &str) {
    let (status, location, body) =
        post_form(client, url, &[("name", name), ("password", password)]).await;
    assert_eq!(status, 303, "login as {name}: {body}");
    assert!(location.is_some());
}

/// Signs in as the administrator the server made on first start.
pub async fn login_admin(client: &reqwest::Client, server: &Server) {
    let password = server
        .admin_password
        .clone()
        .expect("the server printed the first administrator's password");
    login(client, server, "admin", &password).await;
}

/// The signed-in session's form token, read from a page's logout form.
pub async fn csrf_token(client: &reqwest::Client, server: &Server) -> String {
    let page = client
        .get(server.url("/rapporter"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let doc = html(&page);
    select(&doc, "input[name=_csrf]")
        .first()
        .and_then(|e| e.value().attr("value"))
        .expect("a signed-in page carries the form token")
        .to_string()
}

/// The status of a GET of `path` on `server`.
pub async fn get_status(client: &reqwest::Client, server: &Server, path: &str) -> u16 {
    client
        .get(server.url(path))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// The body of `path` as `client` gets it.
/// A new visit to a form is sent on to its first screen's address (with
/// the form's cookie), as a browser follows it; other redirects are not
/// followed, so tests see them.
pub async fn get_text(client: &reqwest::Client, server: &Server, path: &str) -> String {
    let mut url = server.url(path);
    for _ in 0..3 {
        let response = client.get(&url).send().await.unwrap();
        match response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
        {
            Some(to) if response.status() == 303 && to.contains("steg=") => {
                url = server.url(to);
            }
            _ => return response.text().await.unwrap(),
        }
    }
    panic!("{path}: more than three redirects");
}

/// An HTTP client that does not follow redirects, so tests see the 303.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap()
}

/// Posts a screen of the stepped form and reads the screen it sends the
/// browser on to (post, redirect, get), as a browser does: (status, page).
/// A redirect elsewhere (the thank-you page) gives (303, its address).
pub async fn post_screen(
    client: &reqwest::Client,
    url: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let (status, location, body) = post_form(client, url, fields).await;
    match location {
        Some(to) if status == 303 && to.contains("steg=") => {
            (200, form_page_at(client, &absolute(url, &to)).await)
        }
        Some(to) if status == 303 => (status, to),
        _ => (status, body),
    }
}

/// A client that keeps no cookies: another device.
pub fn client_without_cookies() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

pub fn html(text: &str) -> scraper::Html {
    scraper::Html::parse_document(text)
}

pub fn select<'a>(doc: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let sel = scraper::Selector::parse(css).unwrap();
    doc.select(&sel).collect()
}

/// The value of the first input named `name` on a page.
pub fn input_value(page: &str, name: &str) -> String {
    let doc = html(page);
    select(&doc, &format!("input[name={name}]"))
        .first()
        .and_then(|e| e.value().attr("value"))
        .unwrap_or_else(|| panic!("no input {name} on the page"))
        .to_string()
}

/// Loads the form at `url` (a new visit is sent on to the first screen's
/// address, with the form's cookie) and returns its one-time token.
pub async fn form_token_at(client: &reqwest::Client, url: &str) -> String {
    input_value(&form_page_at(client, url).await, "_token")
}

/// The page at `url`, following the redirects a form answers with (the
/// client keeps the form's cookie).
pub async fn form_page_at(client: &reqwest::Client, url: &str) -> String {
    let mut url = url.to_string();
    for _ in 0..3 {
        let page = client.get(&url).send().await.unwrap();
        if page.status() == 303 {
            let to = page.headers()["location"].to_str().unwrap().to_string();
            url = absolute(&url, &to);
            continue;
        }
        assert_eq!(page.status(), 200, "{url}");
        return page.text().await.unwrap();
    }
    panic!("{url}: more than three redirects");
}

/// `to` (a path, as a Location header gives it) on `from`'s host.
pub fn absolute(from: &str, to: &str) -> String {
    if to.starts_with("http") {
        return to.to_string();
    }
    let rest = from.split("://").nth(1).unwrap();
    let host = rest.split('/').next().unwrap();
    format!("{}://{host}{to}", from.split("://").next().unwrap())
}

/// The staff form's first screen for round `round` on the open link, where
/// the unit is asked: the units it offers.
pub async fn unit_screen(client: &reqwest::Client, server: &Server, round: &str) -> String {
    form_page_at(client, &server.url(&format!("/s/{round}"))).await
}

/// Loads round `round`'s form and returns its one-time token.
pub async fn form_token(client: &reqwest::Client, server: &Server, round: &str) -> String {
    form_token_at(client, &server.url(&format!("/s/{round}"))).await
}

/// Posts a form and returns (status, location header, body).
pub async fn post_form(
    client: &reqwest::Client,
    url: &str,
    fields: &[(&str, &str)],
) -> (u16, Option<String>, String) {
    let body: String = fields
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let resp = client
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let location = resp
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string());
    (status, location, resp.text().await.unwrap())
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Synthetic responses in the exchange format, from trappa's own generator
/// (`trappa demo --csv`), e.g. `&["--responses", "3000", "--seed", "7"]`.
pub fn generate(out: &Path, args: &[&str]) {
    let output = Command::new(BIN)
        .arg("demo")
        .arg("--csv")
        .arg(out)
        .args(args)
        .output()
        .expect("run trappa demo --csv");
    assert!(
        output.status.success(),
        "trappa demo --csv failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Submits `n` short responses to the open round 2026 (Kulturskolen,
/// ansatt, plakat.p01 from 1 to 5) and checks that each was acknowledged.
pub async fn submit_acknowledged(client: &reqwest::Client, server: &Server, n: usize) {
    for i in 0..n {
        let token = form_token(client, server, "2026").await;
        let p = ((i % 5) + 1).to_string();
        let fields = [
            ("_token", token.as_str()),
            ("unit", "Kulturskolen"),
            ("role", "ansatt"),
            ("plakat.p01", p.as_str()),
        ];
        let (status, _, _) = post_form(client, &server.url("/s/2026"), &fields).await;
        assert_eq!(status, 303);
    }
}

/// A browser's file upload, written out by hand: the fields, then the file.
pub fn multipart(fields: &[(&str, &str)], csv: &str) -> (String, String) {
    let boundary = "trappa-test-grense";
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"svar.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
    ));
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Whether Chromium and poppler-utils are here to print and read PDFs;
/// outside CI a test without them says it is skipped, in CI it fails.
pub fn pdf_tools() -> bool {
    let here = std::path::Path::new("/usr/bin/chromium").exists()
        && std::process::Command::new("pdfinfo")
            .arg("-v")
            .output()
            .is_ok();
    if !here {
        assert!(
            std::env::var("CI").is_err(),
            "CI must install chromium and poppler-utils"
        );
        eprintln!("SKIPPED: chromium or poppler-utils missing");
    }
    here
}
