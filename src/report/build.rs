//! From a request to aggregates: pick round R and the previous round P,
//! load the responses (CSV file or store), group, analyse, fingerprint.

use std::collections::HashMap;
use std::path::Path;

use crate::analysis::disclosure::Cell;
use crate::analysis::focus_areas::FocusDefinition;
use crate::analysis::{self, Analysis, Options, groups::groups};
use crate::store::Store;
use crate::survey::definition::Translations;
use crate::survey::{Library, Privacy, Round};

use super::focus::Focus;
use super::learning::{FollowUp, follow_up};
use super::{Kind, Meta, fingerprint};

#[derive(Debug, Clone)]
pub struct Request {
    /// Round R (default: the newest).
    pub round: Option<String>,
    /// Round P to compare with (default: the newest before R).
    pub compare: Option<String>,
    pub kind: Kind,
    /// Minimum group size; `None`: the round's own (5 for a CSV file).
    pub k: Option<u64>,
    pub min_change: f64,
    /// Whose figures: the answers as they stand, or what leaders and
    /// readers are shown.
    pub figures: Figures,
}

/// Where a report's figures come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figures {
    /// The answers as they stand (administrators).
    Live,
    /// Each round's published copy (everyone else); a round without one
    /// that is shown is left out, and R must have one.
    Published,
}

pub struct Built {
    pub analysis: Analysis,
    /// The learning loop's areas and measures (empty from a CSV file).
    pub follow_up: FollowUp,
    /// Statements that go together with a higher stair step, over every
    /// unit whose figures are shown (before a leader's scope is applied).
    pub focus: Vec<Focus>,
    pub meta: Meta,
    /// The definitions' translations, for the report's texts in nn and en.
    pub translations: Vec<Translations>,
    /// Averages from outside the municipality for R's columns (none from a
    /// CSV file): not answers, so no disclosure rule applies.
    pub references: Vec<crate::store::ReferenceFigure>,
    /// R's texts for the politicians (none from a CSV file): the
    /// administrator's own words, not answers.
    pub texts: crate::store::RoundTexts,
    /// R's group-work sheets (none from a CSV file): what the groups
    /// wrote, not answers.
    pub sheets: Vec<crate::sheets::Sheet>,
}

/// R and P among `rounds` (oldest first).
fn pick(rounds: &[String], req: &Request) -> anyhow::Result<(String, Option<String>)> {
    let r = match &req.round {
        Some(r) if rounds.contains(r) => r.clone(),
        Some(r) => anyhow::bail!(
            "runden «{r}» finnes ikke (det finnes: {})",
            rounds.join(", ")
        ),
        None => rounds
            .last()
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("ingen runder å lage rapport fra"))?,
    };
    let p = match &req.compare {
        Some(p) if rounds.contains(p) && *p != r => Some(p.clone()),
        Some(p) => {
            anyhow::bail!("sammenligningsrunden «{p}» finnes ikke eller er den samme som {r}")
        }
        None => {
            let pos = rounds
                .iter()
                .position(|x| *x == r)
                .expect("r is among rounds");
            pos.checked_sub(1).map(|i| rounds[i].clone())
        }
    };
    Ok((r, p))
}

/// With `TRAPPA_TIMING` set, prints how long a phase took (stderr).
pub fn phase(name: &str, since: std::time::Instant) {
    if std::env::var_os("TRAPPA_TIMING").is_some() {
        eprintln!("{name}: {:.3} s", since.elapsed().as_secs_f64());
    }
}

/// The minimum group sizes a report uses: the rounds' own unless an
/// administrator asked for another k, which the report then says (and
/// which then holds for every round in it).
struct Sizes {
    k: u64,
    /// The other rounds' own k.
    k_rounds: HashMap<String, u64>,
    k_comments: u64,
    /// The round's own k, when another was asked for.
    k_round: Option<u64>,
}

impl Sizes {
    fn new(req: &Request, own: Privacy, others: &[(&str, Privacy)]) -> Sizes {
        match req.k {
            Some(k) if k != own.k => Sizes {
                k,
                k_rounds: HashMap::new(),
                k_comments: own.k_comments.max(k),
                k_round: Some(own.k),
            },
            _ => Sizes {
                k: own.k,
                k_rounds: others.iter().map(|(id, p)| (id.to_string(), p.k)).collect(),
                k_comments: own.k_comments,
                k_round: None,
            },
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn finish(
    data: &analysis::Dataset,
    labels: &analysis::Labels,
    r: String,
    p: Option<String>,
    req: &Request,
    sizes: Sizes,
    source_file: Option<String>,
    translations: Vec<Translations>,
    focus_areas: &[FocusDefinition],
) -> anyhow::Result<Built> {
    let t = std::time::Instant::now();
    let groups = groups(data)?;
    phase("group-by (polars)", t);
    let mut options = Options {
        round: r,
        previous: p,
        k: sizes.k,
        k_rounds: sizes.k_rounds,
        k_comments: sizes.k_comments,
        min_change: req.min_change,
    };
    let mut analysis = analysis::analyse(data, &groups, labels, &options);
    // A previous round that shows nothing (no answers, or fewer than k) is
    // no comparison: the report is made without it and says why.
    if let Some(Cell::Hidden) = analysis.respondents_previous {
        let previous = options.previous.take();
        analysis = analysis::analyse(data, &groups, labels, &options);
        analysis.previous_without_figures = previous;
    }
    analysis.k_round = sizes.k_round;
    crate::analysis::focus_areas::apply(&mut analysis, focus_areas);
    phase("analysis (disclosure, figures)", t);
    if let Some(u) = req.kind.unit()
        && !analysis.by_unit.iter().any(|b| b.name == *u)
    {
        return Err(NoAnswers {
            unit: u.to_string(),
            round: analysis.round.clone(),
        }
        .into());
    }
    let meta = Meta {
        kind: req.kind.name(),
        unit: req.kind.unit().map(str::to_string),
        generated: crate::store::today(),
        fingerprint: fingerprint(&analysis),
        source_file,
    };
    Ok(Built {
        focus: super::focus::suggest(&analysis),
        analysis,
        follow_up: FollowUp::default(),
        meta,
        translations,
        references: Vec::new(),
        texts: crate::store::RoundTexts::default(),
        sheets: Vec::new(),
    })
}

/// The focus areas the definitions name, by their statements' columns.
fn focus_definitions(instruments: &[crate::survey::Instrument]) -> Vec<FocusDefinition> {
    instruments
        .iter()
        .flat_map(|i| {
            i.focus_areas.iter().map(|f| FocusDefinition {
                name: f.name.clone(),
                columns: f.questions.iter().map(|q| i.column(q)).collect(),
            })
        })
        .collect()
}

/// A unit report for a unit without answers in the round: there is no
/// report to make (the web says so; see `report::access`).
#[derive(Debug, thiserror::Error)]
#[error("enheten «{unit}» har ingen svar i runde {round}")]
pub struct NoAnswers {
    pub unit: String,
    pub round: String,
}

/// A report straight from an exchange CSV file.
pub fn from_csv(
    path: &Path,
    library: &Library,
    municipality: &str,
    req: &Request,
) -> anyhow::Result<Built> {
    let t = std::time::Instant::now();
    let mut file = std::fs::File::open(path)
        .map_err(|e| anyhow::anyhow!("kan ikke åpne {}: {e}", path.display()))?;
    // SAFETY: the mapping is only read, as bytes; a file changed by another
    // program while a report reads it gives wrong figures or a parse
    // error, as reading it with `read` at that moment would. What cannot
    // be mapped (a pipe) is read into memory instead.
    let mapped: Box<dyn std::ops::Deref<Target = [u8]>> = match unsafe { memmap2::Mmap::map(&file) }
    {
        Ok(map) => Box::new(map),
        Err(_) => {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut file, &mut bytes)
                .map_err(|e| anyhow::anyhow!("kan ikke lese {}: {e}", path.display()))?;
            Box::new(bytes)
        }
    };
    let read = |bytes: &[u8]| {
        analysis::source::from_csv(bytes, library, municipality)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    };
    let (mut data, mut labels) = read(&mapped)?;
    // Names or texts that are not UTF-8: a file Norwegian Excel saved as
    // Windows-1252. Read it again, converted, as the import does. (Checked
    // after the fact so that UTF-8 files, nearly all, are read only once.)
    if data.not_utf8() {
        let (utf8, converted) = crate::csvio::format::to_utf8(mapped.to_vec());
        if converted {
            (data, labels) = read(&utf8)?;
        }
    }
    phase("read CSV", t);
    let mut rounds = data.rounds.names.clone();
    rounds.sort();
    let (r, p) = pick(&rounds, req)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let translations = library
        .instruments()
        .iter()
        .map(|i| i.translations.clone())
        .collect();
    let sizes = Sizes::new(req, Privacy::default(), &[]);
    let focus = focus_definitions(library.instruments());
    finish(
        &data,
        &labels,
        r,
        p,
        req,
        sizes,
        Some(name),
        translations,
        &focus,
    )
}

/// A report from the database.
pub async fn from_store(store: &dyn Store, req: &Request) -> anyhow::Result<Built> {
    let mut rounds: Vec<String> = Vec::new();
    for r in store.rounds().await? {
        let listed = match req.figures {
            Figures::Live => true,
            Figures::Published => store
                .publication(&r.id)
                .await?
                .is_some_and(|(_, shown)| shown),
        };
        if listed {
            rounds.push(r.id);
        }
    }
    rounds.reverse(); // oldest first
    let (r, p) = pick(&rounds, req)?;
    let load = |id: String| async move {
        store
            .round(&id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("runden «{id}» finnes ikke"))
    };
    // R first (it decides the items), then every earlier round, newest
    // first: P for the comparison, all of them for the series.
    let mut loaded = vec![load(r.clone()).await?];
    let position = rounds
        .iter()
        .position(|x| *x == r)
        .expect("r is among rounds");
    for earlier in rounds[..position].iter().rev() {
        loaded.push(load(earlier.clone()).await?);
    }
    if let Some(p) = &p
        && !loaded.iter().any(|round| round.id == *p)
    {
        loaded.push(load(p.clone()).await?);
    }
    let list: Vec<&Round> = loaded.iter().map(|round| round.as_ref()).collect();
    let round_r = &loaded[0];
    let t = std::time::Instant::now();
    let (data, labels) = match req.figures {
        Figures::Live => analysis::source::from_store(store, &list).await?,
        Figures::Published => {
            let mut snapshots = Vec::with_capacity(list.len());
            for (i, round) in list.iter().enumerate() {
                let mut snapshot = store
                    .published(&round.id)
                    .await?
                    .map(|p| p.snapshot)
                    .unwrap_or_default();
                // No report shows an earlier round's free texts.
                if i > 0 {
                    snapshot.texts.clear();
                }
                snapshots.push(snapshot);
            }
            let parts: Vec<analysis::source::Part> = list
                .iter()
                .zip(&snapshots)
                .map(|(round, snapshot)| analysis::source::Part {
                    round,
                    name: &round.id,
                    snapshot,
                })
                .collect();
            analysis::source::from_snapshots(&parts)?
        }
    };
    phase("read database", t);
    // R's wording first: its translations win over P's.
    let translations = list
        .iter()
        .flat_map(|round| round.instruments.iter().map(|i| i.translations.clone()))
        .collect();
    let others: Vec<(&str, Privacy)> = loaded[1..]
        .iter()
        .map(|round| (round.id.as_str(), round.privacy))
        .collect();
    let sizes = Sizes::new(req, round_r.privacy, &others);
    let mut built = finish(
        &data,
        &labels,
        r.clone(),
        p.clone(),
        req,
        sizes,
        None,
        translations,
        &focus_definitions(&round_r.instruments),
    )?;
    built.analysis.unpublished = req.figures == Figures::Live;
    let reviewed = match &p {
        Some(p) => store.areas(p).await?,
        None => Vec::new(),
    };
    let planned = store.areas(&r).await?;
    built.follow_up = follow_up(&built.analysis, p, reviewed, planned);
    built.references = store.references(&built.analysis.round).await?;
    built.texts = store.round_texts(&built.analysis.round).await?;
    built.sheets = store.sheets(&built.analysis.round).await?;
    Ok(built)
}
