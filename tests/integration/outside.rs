//! The real outside services the e-mail and sign-in tests talk to, started
//! by the tests from tests/browser's npm packages: an SMTP server
//! (nodemailer's smtp-server, writing each message it takes as JSON) and an
//! OpenID provider (panva's oidc-provider). Outside CI a test skips, saying
//! why, when node or the packages are missing; in CI it fails instead.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn node_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// True when the test must skip: node or the npm packages are missing
/// outside CI (in CI that fails the test).
pub fn skip(package: &str) -> bool {
    let why = if Command::new("node").arg("--version").output().is_err() {
        Some("node is not installed".to_string())
    } else if !node_dir().join("node_modules").join(package).exists() {
        Some(format!(
            "run `npm ci --prefix tests/browser` first ({package})"
        ))
    } else {
        None
    };
    match why {
        None => false,
        Some(why) => {
            assert!(std::env::var("CI").is_err(), "CI must run this test: {why}");
            eprintln!("skipped: {why}");
            true
        }
    }
}

/// Starts a node script and reads the `NAME=value` line it prints first.
fn start(script: &str, vars: &[(&str, String)], announce: &str) -> (Child, String) {
    let mut child = Command::new("node")
        .arg(node_dir().join(script))
        .envs(vars.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("node runs");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let value = loop {
        let line = lines
            .next()
            .unwrap_or_else(|| panic!("{script} printed {announce}"))
            .unwrap();
        if let Some(v) = line.strip_prefix(&format!("{announce}=")) {
            break v.to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (child, value)
}

/// One message as the SMTP server took it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Mail {
    pub to: Vec<String>,
    pub from: String,
    pub subject: String,
    pub text: String,
}

impl Mail {
    /// The survey link in the message.
    pub fn link(&self) -> String {
        self.text
            .split_whitespace()
            .find(|w| w.starts_with("http") && w.contains("/s/"))
            .unwrap_or_else(|| panic!("a link in {}", self.text))
            .to_string()
    }
}

pub struct SmtpServer {
    child: Child,
    pub dir: tempfile::TempDir,
    pub port: u16,
}

impl SmtpServer {
    /// `vars`: SMTP_USER, SMTP_PASSWORD, SMTP_DELAY_MS, SMTP_REFUSE.
    pub fn start(vars: &[(&str, &str)]) -> SmtpServer {
        let dir = tempfile::tempdir().unwrap();
        let mut all: Vec<(&str, String)> =
            vec![("MAIL_DIR", dir.path().to_string_lossy().into_owned())];
        all.extend(vars.iter().map(|(k, v)| (*k, v.to_string())));
        let (child, port) = start("smtp.mjs", &all, "SMTP_PORT");
        SmtpServer {
            child,
            dir,
            port: port.parse().unwrap(),
        }
    }

    /// Every message taken so far, in the order taken.
    pub fn messages(&self) -> Vec<Mail> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|p| serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap())
            .collect()
    }

    /// Waits until at least `n` messages have come (at most a minute).
    pub async fn wait_for(&self, n: usize) -> Vec<Mail> {
        let start = Instant::now();
        loop {
            let got = self.messages();
            if got.len() >= n {
                return got;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "{} of {n} messages came",
                got.len()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct OidcProvider {
    child: Child,
    pub issuer: String,
    pub secret: String,
}

impl OidcProvider {
    /// A provider whose one client, `trappa`, may send people back to
    /// `redirect`.
    pub fn start(redirect: &str) -> OidcProvider {
        OidcProvider::start_at(redirect, "127.0.0.1")
    }

    /// Like `start`, with the issuer named by `host` (`localhost`: another
    /// site than trappa's 127.0.0.1, as a real provider is).
    pub fn start_at(redirect: &str, host: &str) -> OidcProvider {
        let secret = "en-lang-klienthemmelighet-for-testen".to_string();
        let (child, issuer) = start(
            "oidc.mjs",
            &[
                ("OIDC_REDIRECT", redirect.to_string()),
                ("OIDC_SECRET", secret.clone()),
                ("OIDC_HOST", host.to_string()),
            ],
            "OIDC_ISSUER",
        );
        OidcProvider {
            child,
            issuer,
            secret,
        }
    }

    /// Makes the token endpoint hand out bad ID tokens from now on
    /// (`signature`, `audience`, `nonce`), or good ones again (`none`).
    pub async fn tamper(&self, mode: &str) {
        let said = reqwest::Client::new()
            .post(format!("{}/__tamper", self.issuer))
            .body(mode.to_string())
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(said, format!("tamper={mode}"));
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
