//! Settings: built-in defaults, overridden by environment variables
//! (`TRAPPA_DB`, `TRAPPA_SCHEMA`, `TRAPPA_SURVEYS`, `TRAPPA_ADDR`, …),
//! overridden by flags.
//! clap reads all three layers; this module turns them into typed values.

use std::path::{Path, PathBuf};

use crate::survey::{Library, Problem};

/// The database used when nothing else is said: a file in the working directory.
pub const DEFAULT_DB: &str = "trappa.db";
/// Where `serve` listens by default: loopback only, so a first start exposes nothing.
pub const DEFAULT_ADDR: &str = "127.0.0.1:3000";

#[derive(Debug, Clone)]
pub struct Config {
    /// Database URL or SQLite file path.
    pub db: String,
    /// The tenant's schema, for PostgreSQL.
    pub schema: String,
    /// Directory of survey definitions; `None`: `./surveys` if present, else built in.
    pub surveys: Option<PathBuf>,
}

impl Config {
    /// The store the settings name.
    pub async fn open_store(&self) -> anyhow::Result<std::sync::Arc<dyn crate::store::Store>> {
        crate::store::open_tenant(&self.db, &self.schema).await
    }

    /// The definitions new rounds are made from.
    pub fn library(&self) -> Result<Library, Vec<Problem>> {
        match self.survey_dir() {
            Some(dir) => Library::load(&dir),
            None => Ok(Library::builtin()),
        }
    }

    /// The directory definitions are read from, if any.
    pub fn survey_dir(&self) -> Option<PathBuf> {
        match &self.surveys {
            Some(p) => Some(p.clone()),
            None => Path::new("surveys")
                .is_dir()
                .then(|| PathBuf::from("surveys")),
        }
    }
}
