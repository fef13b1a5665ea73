//! The log: what `TRAPPA_LOG` asks for (default `warn`), but never what the
//! HTTP, session and database libraries say below `warn` (`error` for the
//! database). At debug and trace level they log each connection's address
//! and each statement, with the time: that would tie a submission to an
//! address and a time of day, which nothing in trappa may do.

use tracing_subscriber::EnvFilter;

/// Libraries that see requests or statements, and the most they may log.
const CAPPED: &[(&str, &str)] = &[
    ("hyper", "warn"),
    ("hyper_util", "warn"),
    ("h2", "warn"),
    ("axum", "warn"),
    ("tower", "warn"),
    ("tower_http", "warn"),
    ("tower_sessions", "warn"),
    ("tower_sessions_core", "warn"),
    ("tower_sessions_sqlx_store", "warn"),
    // sqlx warns of slow statements, naming them, with the time.
    ("sqlx", "error"),
];

/// The filter for `asked` (the value of `TRAPPA_LOG`, if any).
pub fn filter(asked: Option<&str>) -> EnvFilter {
    let mut filter = asked
        .and_then(|a| EnvFilter::try_new(a).ok())
        .unwrap_or_else(|| EnvFilter::new("warn"));
    for (target, level) in CAPPED {
        filter = filter.add_directive(
            format!("{target}={level}")
                .parse()
                .expect("a fixed, valid directive"),
        );
    }
    filter
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use super::*;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn logged(asked: &str, log: impl FnOnce()) -> String {
        let out = Captured::default();
        let writer = out.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(filter(Some(asked)))
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, log);
        String::from_utf8(out.0.lock().unwrap().clone()).unwrap()
    }

    #[test]
    fn even_at_trace_no_library_logs_an_address_or_a_statement() {
        for asked in ["trace", "debug", "hyper=trace,sqlx=debug", "info"] {
            let out = logged(asked, || {
                tracing::trace!(target: "hyper::proto::h1", "incoming connection from 203.0.113.7:51234");
                tracing::debug!(target: "axum::serve", "accepted 203.0.113.7");
                tracing::warn!(target: "sqlx::query", "slow statement: INSERT INTO responses");
                tracing::info!(target: "tower_sessions_core::session", "session loaded");
            });
            assert!(!out.contains("203.0.113.7"), "{asked}: {out}");
            assert!(!out.contains("INSERT INTO responses"), "{asked}: {out}");
            assert!(!out.contains("session loaded"), "{asked}: {out}");
        }
    }

    #[test]
    fn trappa_itself_logs_at_the_level_asked() {
        let out = logged(
            "info",
            || tracing::info!(target: "trappa::web", "a round was made"),
        );
        assert!(out.contains("a round was made"));
        let out = logged(
            "warn",
            || tracing::info!(target: "trappa::web", "a round was made"),
        );
        assert!(out.is_empty());
    }
}
