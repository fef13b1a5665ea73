//! What an account may get of a round's results: the one entry point for
//! reports from the database on behalf of a signed-in person (the web uses
//! it, and so does the attacker test). It decides the role's access, the
//! minimum group size and the unit scope; the figures themselves have been
//! through the disclosure rule in `analysis` before they get here.
//!
//! - Only an administrator gets figures from an open round: two snapshots
//!   of an open round, one response apart, would tell that response.
//! - Only an administrator may choose another k than the round's own: two
//!   values of k would hide different cells of the same round.
//! - Everyone else compares only with closed rounds.

use crate::auth::{AccountRole, may_read};
use crate::store::Store;
use crate::survey::round::MIN_K;

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
    #[error("only an administrator may choose the minimum group size")]
    MinGroupNotAllowed,
    #[error("the minimum group size must be at least {min}")]
    MinGroupTooSmall { min: u64 },
    #[error("round {0} does not exist")]
    RoundNotFound(String),
    /// Results of an open round are for administrators only.
    #[error("round {0} is open")]
    RoundOpen(String),
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

/// The report of `kind` on round `id`, as `viewer` may see it. `min_n`
/// asks for another minimum group size than the round's (administrators
/// only; the report then says so on every page).
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
    let round = store
        .round(id)
        .await
        .map_err(anyhow::Error::from)?
        .ok_or_else(|| Refusal::RoundNotFound(id.to_string()))?;
    let k = match (min_n, admin) {
        (Some(k), _) if k < MIN_K => return Err(Refusal::MinGroupTooSmall { min: MIN_K }),
        (Some(k), false) if k != round.privacy.k => return Err(Refusal::MinGroupNotAllowed),
        (k, _) => k,
    };
    if round.open && !admin {
        return Err(Refusal::RoundOpen(id.to_string()));
    }
    let request = Request {
        round: Some(id.to_string()),
        compare: None,
        kind,
        k,
        min_change: 0.1,
        closed_only: !admin,
    };
    let mut built = from_store(store, &request).await?;
    if viewer.role == AccountRole::Leader {
        built.analysis.only_units(viewer.units);
    }
    Ok(built)
}
