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

use super::build::{Built, Figures, NoAnswers, Request, from_store};
use super::{DEFAULT_MIN_CHANGE, Kind, MinGroupSize};
use crate::auth::AccountRole;
use crate::store::Store;

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
    #[error("round {0} does not exist")]
    RoundNotFound(String),
    /// Results of an open round are for administrators only.
    #[error("round {0} is open")]
    RoundOpen(String),
    /// A closed round whose answers were deleted, or whose copy for
    /// leaders and readers was refused: nothing of it is shown.
    #[error("round {0} has no published results")]
    NotPublished(String),
    /// A unit report for a unit the round does not have.
    #[error("round {round} has no unit {unit}")]
    UnitNotFound { round: String, unit: String },
    /// A unit report for a unit without answers in the round.
    #[error("unit {unit} has no answers in round {round}")]
    NoAnswers { round: String, unit: String },
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
    min_n: Option<MinGroupSize>,
) -> Result<Built, Refusal> {
    report_with(store, viewer, id, kind, min_n, false).await
}

/// `report_for`, where an administrator may ask for the answers as they
/// stand (`live`) rather than the published copy; the report then says on
/// every page that it is not for sharing. For anyone else `live` is ignored.
pub async fn report_with(
    store: &dyn Store,
    viewer: Viewer<'_>,
    id: &str,
    kind: Kind,
    min_n: Option<MinGroupSize>,
    live: bool,
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
    let k = min_n.map(MinGroupSize::get);
    if matches!(k, Some(k) if !admin && k != round.privacy.k) {
        return Err(Refusal::MinGroupNotAllowed);
    }
    if !admin {
        // What leaders and readers are shown is each round's published copy
        // (made when it closed): a round never closed has none. Rounds
        // closed before trappa kept copies get theirs now.
        crate::publication::ensure_all_published(store).await?;
        let shown = store
            .publication(id)
            .await
            .map_err(anyhow::Error::from)?
            .is_some_and(|(_, shown)| shown);
        if !shown {
            return Err(if round.open {
                Refusal::RoundOpen(id.to_string())
            } else {
                Refusal::NotPublished(id.to_string())
            });
        }
    }
    if let Some(unit) = kind.unit()
        && !round.has_unit(unit)
    {
        return Err(Refusal::UnitNotFound {
            round: id.to_string(),
            unit: unit.to_string(),
        });
    }
    let request = Request {
        round: Some(id.to_string()),
        compare: None,
        kind,
        k,
        min_change: DEFAULT_MIN_CHANGE,
        figures: if admin {
            crate::publication::figures_for_administrator(store, &round, live).await?
        } else {
            Figures::Published
        },
    };
    let mut built =
        from_store(store, &request)
            .await
            .map_err(|e| match e.downcast::<NoAnswers>() {
                Ok(NoAnswers { unit, round }) => Refusal::NoAnswers { round, unit },
                Err(e) => Refusal::Failed(e),
            })?;
    if viewer.role == AccountRole::Leader {
        built.analysis.only_units(viewer.units);
        built.follow_up.only_units(viewer.units);
        built
            .sheets
            .retain(|s| s.unit.as_ref().is_none_or(|u| viewer.units.contains(u)));
    }
    // Everyone's page and a reader's summary show the municipality's own
    // sheets only.
    if viewer.role == AccountRole::Reader {
        built.sheets.retain(|s| s.unit.is_none());
    }
    Ok(built)
}

/// The results page for everyone of round `id`, with the date it was
/// published: what a reader's summary shows, and nothing while the page is
/// not published or the round's published copy is withdrawn.
pub async fn staff_page(store: &dyn Store, id: &str) -> Result<(Built, String), Refusal> {
    let Some(on) = store.staff_page(id).await.map_err(anyhow::Error::from)? else {
        return Err(Refusal::NotPublished(id.to_string()));
    };
    let everyone = Viewer {
        role: AccountRole::Reader,
        units: &[],
    };
    let mut built = report_for(store, everyone, id, Kind::Staff, None).await?;
    // A public page: the municipality's own areas and measures, never a
    // unit's (which only that unit's leader and the administrators read).
    built.follow_up.only_units(&[]);
    Ok((built, on))
}

/// Whether an account with `role` and `units` may read a report of `kind`.
pub fn may_read(role: AccountRole, units: &[String], kind: &Kind) -> bool {
    match (role, kind) {
        (AccountRole::Administrator, _) => true,
        // Everyone's page shows what a reader's summary shows.
        (_, Kind::Staff) => true,
        (AccountRole::Leader, Kind::Leader | Kind::Summary | Kind::Learning) => true,
        // Every unit's kit means the leader's own units (the scope below).
        (AccountRole::Leader, Kind::Meeting(None)) => true,
        (AccountRole::Leader, Kind::Unit(unit) | Kind::Meeting(Some(unit))) => {
            units.iter().any(|u| u == unit)
        }
        (AccountRole::Reader, Kind::Summary) => true,
        (AccountRole::Reader, _) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_reads_what_it_should() {
        let units = vec!["Kulturskolen".to_string()];
        let unit = |u: &str| Kind::Unit(u.to_string());
        use AccountRole::*;
        assert!(may_read(Administrator, &[], &unit("Hvem som helst")));
        assert!(may_read(Leader, &units, &Kind::Leader));
        assert!(may_read(Leader, &units, &Kind::Summary));
        assert!(may_read(Leader, &units, &unit("Kulturskolen")));
        assert!(!may_read(Leader, &units, &unit("Barnehagen")));
        assert!(may_read(Reader, &[], &Kind::Summary));
        assert!(!may_read(Reader, &units, &Kind::Leader));
        assert!(!may_read(Reader, &units, &unit("Kulturskolen")));
        assert!(may_read(Leader, &units, &Kind::Learning));
        assert!(!may_read(Reader, &[], &Kind::Learning));
        let kit = |u: &str| Kind::Meeting(Some(u.to_string()));
        assert!(may_read(Leader, &units, &kit("Kulturskolen")));
        assert!(!may_read(Leader, &units, &kit("Barnehagen")));
        assert!(may_read(Leader, &units, &Kind::Meeting(None)));
        assert!(!may_read(Reader, &[], &Kind::Meeting(None)));
        assert!(may_read(Administrator, &[], &kit("Barnehagen")));
    }
}
