//! What an account may get of a round's results: the one entry point for
//! reports from the database on behalf of a signed-in person (the web uses
//! it, and so does the attacker test). It decides the role's access, the
//! minimum group size and the unit scope; the figures themselves have been
//! through the disclosure rule in `analysis` before they get here.

use crate::auth::{AccountRole, may_read};
use crate::store::Store;

use super::Kind;
use super::build::{Built, Request, from_store};

/// Who asks.
#[derive(Debug, Clone, Copy)]
pub struct Viewer<'a> {
    pub role: AccountRole,
    /// A leader's own units.
    pub units: &'a [String],
}

/// Why a report was not made; the web turns each into words.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("this role may not read this report")]
    Forbidden,
    #[error("the minimum group size cannot be chosen by this role")]
    MinGroupNotAllowed,
    #[error("the minimum group size must be at least {min}")]
    MinGroupTooSmall { min: u64 },
    #[error("round {0} does not exist")]
    RoundNotFound(String),
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

/// The smallest group a figure is shown for; only an administrator may
/// ask for another value (down to 2), since they can read the raw
/// responses anyway.
pub const DEFAULT_MIN_N: u64 = 5;

/// The report of `kind` on round `id`, as `viewer` may see it.
pub async fn report_for(
    store: &dyn Store,
    viewer: Viewer<'_>,
    id: &str,
    kind: Kind,
    min_n: Option<u64>,
) -> Result<Built, Refusal> {
    if !may_read(viewer.role, viewer.units, &kind) {
        return Err(Refusal::Forbidden);
    }
    let admin = viewer.role == AccountRole::Administrator;
    let k = match (min_n, admin) {
        (Some(k), _) if k < 2 => return Err(Refusal::MinGroupTooSmall { min: 2 }),
        (Some(k), true) => k,
        (Some(k), false) => k.max(DEFAULT_MIN_N),
        (None, _) => DEFAULT_MIN_N,
    };
    if store.round(id).await.map_err(anyhow::Error::from)?.is_none() {
        return Err(Refusal::RoundNotFound(id.to_string()));
    }
    let request = Request {
        round: Some(id.to_string()),
        compare: None,
        kind,
        k,
        min_change: 0.1,
    };
    let mut built = from_store(store, &request).await?;
    if viewer.role == AccountRole::Leader {
        built.analysis.only_units(viewer.units);
    }
    Ok(built)
}
