//! What leaders and readers are shown of a round: the copy of its answers
//! published when it closed, never the answers as they stand. Late paper
//! answers, a reopening or a re-import change the round, not the copy; an
//! administrator may publish the change only where the disclosure rule
//! lets it through (`analysis::versions`), so that two readings of a report
//! never differ by one person's answers.

use std::sync::Mutex;

use crate::analysis::versions::{Problem, grouped, merge, problems};
use crate::store::{Snapshot, Store};
use crate::survey::Round;

/// What came of trying to publish a round.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A new version is what leaders and readers are shown now.
    Published { version: u32 },
    /// The answers are what was published already.
    Unchanged,
    /// The published copy stays; these are the reasons.
    Refused(Vec<Problem>),
}

/// Whether two snapshots hold the same counts and texts (the texts as a
/// bag: their order says nothing).
fn same(a: &Snapshot, b: &Snapshot) -> bool {
    fn sorted(s: &Snapshot) -> Vec<(&String, &Option<String>, &String)> {
        let mut t: Vec<_> = s
            .texts
            .iter()
            .map(|t| (&t.unit, &t.text.relation, &t.text.text))
            .collect();
        t.sort();
        t
    }
    a.tallies == b.tallies && sorted(a) == sorted(b)
}

/// Publishes `round`'s answers as they stand, where the rule lets them
/// replace the copy published before (the first publication always may).
pub async fn publish(store: &dyn Store, round: &Round) -> anyhow::Result<Outcome> {
    // A copy withdrawn (its answers deleted) is shown again when the same
    // answers are imported again: nothing about them changed.
    let shown = store
        .publication(&round.id)
        .await?
        .is_none_or(|(_, shown)| shown);
    let found: Mutex<Option<anyhow::Result<Vec<Problem>>>> = Mutex::new(None);
    let may = |live: &Snapshot, before: &[Snapshot]| -> bool {
        let unchanged = shown && before.last().is_some_and(|b| same(live, b));
        // Against every version ever shown: a leader may have kept any.
        let mut verdict = Ok(Vec::new());
        if !unchanged {
            for earlier in before {
                match problems(round, live, earlier) {
                    Ok(found) => {
                        if let Ok(all) = &mut verdict {
                            found.into_iter().for_each(|p| merge(all, p));
                        }
                    }
                    Err(e) => {
                        verdict = Err(e);
                        break;
                    }
                }
            }
        }
        let ok = matches!(&verdict, Ok(p) if p.is_empty()) && !unchanged;
        *found.lock().expect("not poisoned") = Some(verdict);
        ok
    };
    let version = store.publish(&round.id, &may).await?;
    if let Some(version) = version {
        return Ok(Outcome::Published { version });
    }
    match found.into_inner().expect("not poisoned") {
        Some(Ok(problems)) if problems.is_empty() => Ok(Outcome::Unchanged),
        Some(Ok(problems)) => Ok(Outcome::Refused(grouped(problems))),
        Some(Err(e)) => Err(e),
        None => Ok(Outcome::Unchanged),
    }
}

/// Closes a round and publishes it (see `publish`).
pub async fn close(store: &dyn Store, round_id: &str) -> anyhow::Result<Outcome> {
    store.set_open(round_id, false).await?;
    let round = store
        .round(round_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("runden «{round_id}» finnes ikke"))?;
    publish(store, &round).await
}

/// A closed round that was never published (closed before trappa kept
/// published copies) is published before anyone but an administrator
/// reads it: what they read is then the copy.
pub async fn ensure_published(store: &dyn Store, round: &Round) -> anyhow::Result<()> {
    if !round.open && store.publication(&round.id).await?.is_none() {
        publish(store, round).await?;
    }
    Ok(())
}

/// Where a round's publication stands, for its page.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    /// The published version, if any, and whether it is shown.
    pub version: Option<u32>,
    pub shown: bool,
    /// Responses in the published copy, and in the round now.
    pub published_responses: u64,
    pub responses: u64,
    /// Whether the round's answers differ from the copy.
    pub changed: bool,
    /// Why the change may not be published yet (empty: it may).
    pub problems: Vec<Problem>,
}

/// Where `round`'s publication stands.
pub async fn standing(store: &dyn Store, round: &Round) -> anyhow::Result<Standing> {
    let live = Snapshot {
        tallies: store.tallies(&round.id).await?,
        texts: store.texts(&round.id).await?,
    };
    let responses = |s: &Snapshot| s.tallies.iter().map(|t| t.tally.responses).sum();
    let published = store.published(&round.id).await?;
    let Some(p) = published else {
        return Ok(Standing {
            version: None,
            shown: false,
            published_responses: 0,
            responses: responses(&live),
            changed: false,
            problems: Vec::new(),
        });
    };
    let changed = !same(&live, &p.snapshot);
    let mut problems_now = Vec::new();
    if changed {
        for earlier in store.published_history(&round.id).await? {
            for problem in problems(round, &live, &earlier)? {
                merge(&mut problems_now, problem);
            }
        }
    }
    let problems = grouped(problems_now);
    Ok(Standing {
        version: Some(p.version),
        shown: p.shown,
        published_responses: responses(&p.snapshot),
        responses: responses(&live),
        changed,
        problems,
    })
}

/// After answers were imported into `round_id`: a closed round publishes
/// them where the rule lets it (see `publish`); an open one waits for its
/// closing. `None` for an open round.
pub async fn after_import(store: &dyn Store, round_id: &str) -> anyhow::Result<Option<Outcome>> {
    let Some(round) = store.round(round_id).await? else {
        return Ok(None);
    };
    if round.open {
        return Ok(None);
    }
    publish(store, &round).await.map(Some)
}

/// Publishes every closed round that was never published (see
/// `ensure_published`): a report compares with earlier rounds too.
pub async fn ensure_all_published(store: &dyn Store) -> anyhow::Result<()> {
    for summary in store.rounds().await? {
        if !summary.open
            && store.publication(&summary.id).await?.is_none()
            && let Some(round) = store.round(&summary.id).await?
        {
            publish(store, &round).await?;
        }
    }
    Ok(())
}

/// Whose figures an administrator's report shows: the published copy of a
/// closed round (what may be shared), unless they ask for the answers as
/// they stand (`live`), or the round has no copy shown (open, or its
/// answers deleted); those reports say they are not for sharing.
pub async fn figures_for_administrator(
    store: &dyn Store,
    round: &Round,
    live: bool,
) -> anyhow::Result<crate::report::build::Figures> {
    use crate::report::build::Figures;
    ensure_all_published(store).await?;
    let shown = store
        .publication(&round.id)
        .await?
        .is_some_and(|(_, shown)| shown);
    Ok(if shown && !live {
        Figures::Published
    } else {
        Figures::Live
    })
}
