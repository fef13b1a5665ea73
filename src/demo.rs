//! `trappa demo`: the fictional municipality Solvik with eleven units, six
//! partner relations and three yearly rounds (2024–2026) of responses drawn
//! from a simple latent model, so a newcomer sees a full picture at once.
//! Deterministic: the same seed gives the same data.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::learning::{Area, Measure, Purpose, Reflection, Status, Target};
use crate::store::{NewResponse, Store};
use crate::survey::answer::{ColumnKind, encode_answers};
use crate::survey::round::default_roles;
use crate::survey::{Instrument, Library, Privacy, Relation, Round, RoundParts, Unit, Value};

const MUNICIPALITY: &str = "Solvik";
const YEARS: [&str; 3] = ["2024", "2025", "2026"];

/// (name, staff invited, kind) — kind steers which partners matter.
const UNITS: &[(&str, u32, Kind)] = &[
    ("Solvik barneskole", 38, Kind::School),
    ("Haugen ungdomsskole", 31, Kind::School),
    ("Solsikken barnehage", 18, Kind::Kindergarten),
    ("Åsen barnehage", 14, Kind::Kindergarten),
    ("Kulturskolen", 11, Kind::Culture),
    ("Helse og omsorg", 64, Kind::Health),
    ("NAV Solvik", 16, Kind::Health),
    ("Teknisk drift", 22, Kind::Technical),
    ("Plan, miljø og landbruk", 9, Kind::Technical),
    ("Biblioteket", 7, Kind::Culture),
    ("Ungdomsklubben «Tårnet»", 3, Kind::Culture),
];

const RELATIONS: &[(&str, &str)] = &[
    ("barnehage", "Barnehage"),
    ("skole", "Skole"),
    ("sfo", "SFO"),
    ("kulturskole", "Kulturskole"),
    ("frivillighet", "Frivillighet"),
    ("naeringsliv", "Næringsliv"),
];

#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    School,
    Kindergarten,
    Culture,
    Health,
    Technical,
}

impl Kind {
    /// The service area (tjenesteområde) of a unit of this kind.
    fn area(self) -> &'static str {
        match self {
            Kind::School | Kind::Kindergarten => "Oppvekst",
            Kind::Culture => "Kultur",
            Kind::Health => "Helse og velferd",
            Kind::Technical => "Teknikk og plan",
        }
    }
}

/// How much each relation matters to a kind of unit (0–1).
pub(crate) fn affinity(kind: Kind, relation: &str) -> f64 {
    match (kind, relation) {
        (Kind::School, "sfo" | "skole") => 1.0,
        (Kind::School, "barnehage" | "kulturskole") => 0.7,
        (Kind::Kindergarten, "skole" | "barnehage") => 0.9,
        (Kind::Culture, "kulturskole" | "frivillighet" | "skole") => 0.8,
        (Kind::Health, "frivillighet") => 0.8,
        (Kind::Technical, "naeringsliv") => 0.9,
        _ => 0.3,
    }
}

const COMMENTS: &[&str] = &[
    "Vi deler mye informasjon, men planlegger sjelden sammen.",
    "Godt samarbeid med skolen, men SFO faller ofte mellom to stoler.",
    "Vi trenger faste møtepunkter for å komme videre på trappa.",
    "Mer tid til å prøve ut nye ting, takk!",
    "Digitale verktøy er bra, men opplæringen kommer for sent.",
    "Frivilligheten er en ressurs vi bruker for lite.",
    "Lederne heier på initiativ, men budsjettet sier ofte nei.",
    "Vanskelig å svare på «næringsliv» – vi har lite kontakt.",
    "Vi måler mye, men ser sjelden gevinstene; hva skjer med tallene?",
    "Tverrfaglige team har gjort hverdagen enklere for innbyggerne.",
];

const NOTES: &[&str] = &[
    "Felles møter to ganger i året",
    "Vi har en felles plan for overgangen barnehage–skole",
    "Mest e-post og telefon",
    "Samarbeidsavtale fra 2023",
];

/// Standard normal draw (Box–Muller).
pub(crate) fn normal(rng: &mut StdRng) -> f64 {
    let u1: f64 = rng.random_range(f64::EPSILON..1.0);
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// The partners a demo unit rates: all but itself (the municipality has
/// one culture school).
fn rated_by(unit: &str) -> Option<Vec<String>> {
    (unit == "Kulturskolen").then(|| {
        RELATIONS
            .iter()
            .filter(|(k, _)| *k != "kulturskole")
            .map(|(k, _)| k.to_string())
            .collect()
    })
}

/// Solvik's focus areas (seed 004's "satsingsområder", each "jfr.
/// Innovasjonsplakaten"), written into its copy of the poster, with their
/// names in nynorsk and English.
const FOCUS_AREAS: &str = r#"
[[focus_area]]
name = "Samskaping og involvering"
statements = ["p07", "p09"]

[[focus_area]]
name = "Faktabasert kvalitetsutvikling"
statements = ["p03", "p10"]

[[focus_area]]
name = "Utvikling og kompetansebygging"
statements = ["p04", "p05", "p06"]
"#;
const FOCUS_AREAS_NN: &str = r#""Samskaping og involvering" = "Samskaping og involvering"
"Faktabasert kvalitetsutvikling" = "Faktabasert kvalitetsutvikling"
"Utvikling og kompetansebygging" = "Utvikling og kompetansebygging"
"#;
const FOCUS_AREAS_EN: &str = r#""Samskaping og involvering" = "Co-creation and involvement"
"Faktabasert kvalitetsutvikling" = "Fact-based quality development"
"Utvikling og kompetansebygging" = "Development and building competence"
"#;

/// The poster with Solvik's focus areas: the areas before its `[nn]`
/// table, their names at the end of `[nn]` and of `[en]` (the last table).
/// A poster without those tables (a municipality's own) gets the areas only.
fn with_focus_areas(poster: &Instrument) -> Instrument {
    let text = &poster.source;
    let with = match (text.find("\n[nn]\n"), text.find("\n[en]\n")) {
        (Some(nn), Some(en)) if nn < en => format!(
            "{}{FOCUS_AREAS}{}{FOCUS_AREAS_NN}{}\n{FOCUS_AREAS_EN}",
            &text[..nn],
            &text[nn..en],
            text[en..].trim_end()
        ),
        _ => format!("{}\n{FOCUS_AREAS}", text.trim_end()),
    };
    Instrument::parse("innovasjonsplakaten.toml", &with).unwrap_or_else(|_| poster.clone())
}

fn demo_round(year: &str, library: &Library) -> Round {
    let instruments = ["samhandlingstrappa", "innovasjonsplakaten", "kommentar"]
        .iter()
        .map(|id| library.get(id).expect("shipped instrument"))
        .map(|i| {
            if i.id == "innovasjonsplakaten" {
                with_focus_areas(i)
            } else {
                i.clone()
            }
        })
        .collect();
    Round::assemble(RoundParts {
        id: year.to_string(),
        title: format!("Samhandling og innovasjon {year}"),
        municipality: MUNICIPALITY.into(),
        period: year.to_string(),
        open: year == "2026",
        requires_code: false,
        privacy: Privacy::default(),
        units: UNITS
            .iter()
            .map(|(name, invited, kind)| Unit {
                relations: rated_by(name),
                area: Some(kind.area().to_string()),
                ..Unit::named(*name, Some(*invited))
            })
            .collect(),
        relations: RELATIONS
            .iter()
            .map(|(k, l)| Relation {
                key: k.to_string(),
                label: l.to_string(),
            })
            .collect(),
        roles: default_roles(),
        instruments,
    })
    .expect("demo round is valid")
}

/// Responses for one round, from the latent model.
fn responses(
    round: &Round,
    year_index: usize,
    rng: &mut StdRng,
    unit_levels: &[f64],
) -> Vec<NewResponse> {
    let columns = round.columns();
    let statement_effect = [
        0.3,
        -0.2,
        0.1,
        0.2,
        -0.3,
        0.0,
        -0.1,
        0.1 + 0.15 * year_index as f64,
        0.0,
        -0.5,
    ];
    let mut out = Vec::new();
    for (u, (name, invited, kind)) in UNITS.iter().enumerate() {
        let share = 0.62 + 0.06 * year_index as f64 + 0.1 * rng.random::<f64>();
        let n = ((*invited as f64) * share).round() as u32;
        for _ in 0..n {
            let role = match rng.random::<f64>() {
                x if x < 0.84 => "ansatt",
                x if x < 0.96 => "leder",
                _ => "folkevalgt",
            };
            let attitude = 0.6 * normal(rng) + if role == "leder" { 0.3 } else { 0.0 };
            let level = unit_levels[u] + 0.12 * year_index as f64;
            let mut values: Vec<Option<Value>> = vec![None; columns.len()];
            for (i, c) in columns.iter().enumerate() {
                let name = c.name.as_str();
                if let Some(rest) = name.strip_prefix("trapp.") {
                    let (rel, part) = rest.split_once('.').expect("stair column");
                    let aff = affinity(*kind, rel);
                    match part {
                        "now" => {
                            // Some leave a partner blank; more of those who
                            // hardly work with it say so, where the stair
                            // offers that answer (one draw either way, so
                            // the other answers stay as they were).
                            let skip = rng.random::<f64>();
                            if skip < 0.04 + 0.15 * (1.0 - aff) {
                                let offered = matches!(
                                    c.kind,
                                    ColumnKind::Scale {
                                        no_collaboration: true,
                                        ..
                                    }
                                );
                                if skip >= 0.04 && offered {
                                    values[i] = Some(Value::NoCollaboration);
                                }
                                continue;
                            }
                            let now = (1.2
                                + 2.0 * aff
                                + 0.5 * level
                                + 0.4 * attitude
                                + 0.6 * normal(rng))
                            .round()
                            .clamp(1.0, 4.0) as i64;
                            values[i] = Some(Value::Int(now));
                            let up = match rng.random::<f64>() {
                                x if x < 0.35 => 0,
                                x if x < 0.85 => 1,
                                _ => 2,
                            };
                            values[i + 1] = Some(Value::Int((now + up).min(4)));
                        }
                        "note" if values[i - 2].is_some() && rng.random::<f64>() < 0.04 => {
                            values[i] =
                                Some(Value::Text(NOTES[rng.random_range(0..NOTES.len())].into()));
                        }
                        _ => {}
                    }
                } else if let Some(item) = name.strip_prefix("plakat.p") {
                    let j: usize = item.parse::<usize>().expect("p01..p10") - 1;
                    if rng.random::<f64>() < 0.07 {
                        continue;
                    }
                    let score = (3.3 + level + statement_effect[j] + attitude + 0.7 * normal(rng))
                        .round()
                        .clamp(1.0, 5.0) as i64;
                    values[i] = Some(Value::Int(score));
                } else if name == "kommentar" && rng.random::<f64>() < 0.15 {
                    values[i] = Some(Value::Text(
                        COMMENTS[rng.random_range(0..COMMENTS.len())].into(),
                    ));
                }
            }
            // A unit is not asked about partners it does not rate (drawn
            // anyway above, so the other answers stay as they were).
            let rated = round.relations_for(name);
            for (i, c) in columns.iter().enumerate() {
                if let Some(rel) = c
                    .name
                    .strip_prefix("trapp.")
                    .and_then(|r| r.split('.').next())
                    && !rated.iter().any(|r| r.key == rel)
                {
                    values[i] = None;
                }
            }
            out.push(NewResponse {
                unit: name.to_string(),
                role: role.to_string(),
                answers: encode_answers(&values),
            });
        }
    }
    out
}

/// A demo measure: what, who, deadline, status, the date it was set, notes.
type DemoMeasure = (
    &'static str,
    &'static str,
    &'static str,
    Status,
    &'static str,
    &'static str,
);

/// A demo area: after round, unit ("" = the municipality), target, purpose,
/// why, reflection (did, learned, success criteria, causes), measures.
struct DemoArea {
    round: &'static str,
    unit: &'static str,
    target: Target,
    purpose: Purpose,
    why: &'static str,
    reflection: [&'static str; 4],
    measures: &'static [DemoMeasure],
}

/// The learning loop as Solvik ran it: areas chosen after 2024 and 2025,
/// measures followed up during the year, and the reflections written after
/// the next round (the 2025 areas are reviewed in the 2026 learning report).
fn demo_areas() -> Vec<DemoArea> {
    use Status::*;
    let statement = |id: &str| Target::Statement(format!("plakat.{id}"));
    let relation = |key: &str| Target::Relation(key.to_string());
    vec![
        DemoArea {
            round: "2024",
            unit: "",
            target: statement("p10"),
            purpose: Purpose::Improve,
            why: "Lavest skåre i kommunen: vi måler sjelden effekten av det vi setter i gang.",
            reflection: [
                "Innførte en enkel gevinstplan for alle nye prosjekter.",
                "Det tar mer enn ett år før nye vaner viser seg i tallene.",
                "Ledermøtet fulgte opp hver måned.",
                "",
            ],
            measures: &[
                (
                    "Gevinstplan i alle nye prosjekter",
                    "Rådmannens ledergruppe",
                    "2024-12-31",
                    Done,
                    "2024-11-20",
                    "Mal ligger på intranettet.",
                ),
                (
                    "Resultater på hvert ledermøte",
                    "Kommunalsjefene",
                    "2025-06-30",
                    Done,
                    "2025-06-12",
                    "",
                ),
            ],
        },
        DemoArea {
            round: "2024",
            unit: "Solvik barneskole",
            target: relation("barnehage"),
            purpose: Purpose::Improve,
            why: "Overgangen barnehage–skole er mest på trinn 1 (informasjon).",
            reflection: [
                "Felles overgangsmøter i mai for alle barnehagene.",
                "Møtene ble bedre da barnehagene satte agendaen sammen med oss.",
                "Fast tidspunkt og felles mal.",
                "",
            ],
            measures: &[(
                "Felles overgangsmøte i mai",
                "Rektor",
                "2025-05-31",
                Done,
                "2025-05-28",
                "Alle fire barnehager deltok.",
            )],
        },
        DemoArea {
            round: "2025",
            unit: "",
            target: statement("p07"),
            purpose: Purpose::Improve,
            why: "Brukerperspektivet er svakt i flere enheter, og innbyggerne er lite involvert.",
            reflection: [
                "Prøvde ut innbyggerpanel i to tjenester.",
                "Panelene ga konkrete forslag, men få enheter tok dem i bruk.",
                "",
                "Tiltaket nådde for få enheter til å flytte tallet for hele kommunen.",
            ],
            measures: &[
                (
                    "Innbyggerpanel i helse og omsorg",
                    "Kommunalsjef helse",
                    "2026-03-01",
                    Done,
                    "2026-02-15",
                    "Tre møter, 14 deltakere.",
                ),
                (
                    "Innbyggerpanel i oppvekst",
                    "Kommunalsjef oppvekst",
                    "2026-03-01",
                    UnderWay,
                    "2025-11-02",
                    "Første møte holdt.",
                ),
                (
                    "Opplæring i tjenestedesign for ledere",
                    "HR",
                    "2025-12-31",
                    Dropped,
                    "2025-10-01",
                    "Utsatt til budsjettet er klart.",
                ),
            ],
        },
        DemoArea {
            round: "2025",
            unit: "",
            target: statement("p09"),
            purpose: Purpose::Keep,
            why: "Samarbeid på tvers skårer høyt: det vil vi holde på.",
            reflection: [
                "Fortsatte de tverrfaglige teamene.",
                "Teamene er nå en del av den vanlige driften.",
                "Faste møtepunkter og tydelige roller.",
                "",
            ],
            measures: &[(
                "Videreføre tverrfaglige team",
                "Kommunalsjefene",
                "2026-06-30",
                UnderWay,
                "2025-09-01",
                "",
            )],
        },
        DemoArea {
            round: "2025",
            unit: "Kulturskolen",
            target: relation("skole"),
            purpose: Purpose::Improve,
            why: "Lite felles planlegging med skolene; vi vil nå trinn 3.",
            reflection: ["", "", "", ""],
            measures: &[
                (
                    "Felles årshjul med skolene",
                    "Rektor kulturskolen",
                    "2026-01-31",
                    Done,
                    "2026-01-20",
                    "",
                ),
                (
                    "Kulturskoletimer i skoletiden",
                    "Rektor kulturskolen",
                    "2026-08-15",
                    Planned,
                    "2025-10-10",
                    "Avklares med rektorene.",
                ),
            ],
        },
    ]
}

fn area_of(d: &DemoArea) -> Area {
    let [did, learned, success_criteria, causes] = d.reflection;
    Area {
        id: 0,
        round: d.round.to_string(),
        unit: (!d.unit.is_empty()).then(|| d.unit.to_string()),
        target: d.target.clone(),
        purpose: d.purpose,
        why: d.why.to_string(),
        reflection: Reflection {
            did: did.into(),
            learned: learned.into(),
            success_criteria: success_criteria.into(),
            causes: causes.into(),
        },
        measures: d
            .measures
            .iter()
            .map(
                |&(what, responsible, deadline, status, status_on, notes)| Measure {
                    id: 0,
                    what: what.into(),
                    responsible: responsible.into(),
                    deadline: Some(deadline.into()),
                    status,
                    status_on: status_on.into(),
                    notes: notes.into(),
                },
            )
            .collect(),
    }
}

/// The administrator's texts for the politicians' summary of 2025.
/// What the groups wrote at Solvik's dialogue café and learning meeting
/// after 2025: one sheet of each kind.
fn demo_sheets() -> Vec<crate::sheets::Sheet> {
    use crate::sheets::{Method, Section, Sheet, SheetItem, SheetKind};
    let items = |list: &[(Section, &str)]| {
        list.iter()
            .map(|(section, text)| SheetItem {
                section: *section,
                text: text.to_string(),
            })
            .collect()
    };
    let sheet = |id, unit: Option<&str>, kind, title: &str, held_on: &str, method, list| Sheet {
        id,
        round: "2025".into(),
        unit: unit.map(str::to_string),
        kind,
        title: title.into(),
        held_on: held_on.into(),
        method,
        items: items(list),
    };
    vec![
        sheet(
            0,
            None,
            SheetKind::Priorities,
            "Dialogkafé i kommunestyresalen: hva er viktigst framover?",
            "2026-02-12",
            Method::DialogueCafe,
            &[
                (
                    Section::List,
                    "Måle effekten av det vi setter i gang, og vise fram resultatene",
                ),
                (
                    Section::List,
                    "Faste møteplasser mellom barnehage, skole og SFO",
                ),
                (
                    Section::List,
                    "Ta innbyggerne med tidlig, før vi har bestemt oss",
                ),
                (
                    Section::List,
                    "Tid og rom til å prøve noe nytt uten å lykkes første gang",
                ),
            ],
        ),
        sheet(
            0,
            None,
            SheetKind::LookBack,
            "Utsjekk på lærende rapportering fra 2024",
            "2026-02-12",
            Method::DialogueCafe,
            &[
                (
                    Section::Taken,
                    "Gevinstplanene er i bruk, men følges sjelden opp etter et halvt år",
                ),
                (
                    Section::Taken,
                    "Overgangsmøtene i mai fungerte, og bør bli fast",
                ),
                (
                    Section::Learning,
                    "Det tar mer enn ett år før nye vaner synes i tallene",
                ),
                (
                    Section::Learning,
                    "Tiltak med en navngitt ansvarlig ble gjennomført; de andre ble liggende",
                ),
            ],
        ),
        sheet(
            0,
            Some("Kulturskolen"),
            SheetKind::Areas,
            "Lærende møte i Kulturskolen",
            "2026-02-26",
            Method::LearningMeeting,
            &[
                (
                    Section::Success,
                    "Samarbeidet med barnehagene om felles forestillinger",
                ),
                (
                    Section::Improve,
                    "Vi snakker for lite med skolene om elever vi har felles",
                ),
                (Section::Improve, "Vi måler ikke om tiltakene våre virker"),
            ],
        ),
    ]
}

fn demo_texts() -> crate::store::RoundTexts {
    crate::store::RoundTexts {
        achieved: "Innbyggerpanelet i helse og omsorg møttes fire ganger, og to av forslagene \
                   er tatt i bruk: faste besøkstider for pårørende og en enklere søknad om \
                   trygghetsalarm.\nSkolene og barnehagene hadde sitt første felles \
                   overgangsmøte i mai, og alle seksåringer hadde besøkt skolen før sommeren."
            .into(),
        direction: "Vi bør legge trykket der tallene er lavest: å måle effekt og ta ut \
                    gevinster. Hvert nytt prosjekt får en gevinstplan, og kommunestyret får \
                    se resultatene én gang i året."
            .into(),
    }
}

/// Creates the demo rounds, unless they exist. All in one transaction.
pub async fn run(store: &dyn Store, library: &Library) -> anyhow::Result<()> {
    for year in YEARS {
        if store.round(year).await?.is_some() {
            println!(
                "Databasen har allerede en runde {year}; demoen lages bare i en tom database (bruk --db en-annen.db)."
            );
            return Ok(());
        }
    }
    let mut rng = StdRng::seed_from_u64(2026);
    let unit_levels: Vec<f64> = UNITS.iter().map(|_| 0.4 * normal(&mut rng)).collect();
    let mut tx = store.begin_import().await?;
    let mut total = 0;
    for (i, year) in YEARS.iter().enumerate() {
        let round = demo_round(year, library);
        let rows = responses(&round, i, &mut rng, &unit_levels);
        total += rows.len();
        tx.create_round(&round).await?;
        tx.insert(&round, rows).await?;
    }
    let areas = demo_areas();
    for area in &areas {
        tx.add_area(&area_of(area)).await?;
    }
    tx.add_round_texts("2025", &demo_texts()).await?;
    for sheet in demo_sheets() {
        tx.add_sheet(&sheet).await?;
    }
    // 2025's results page for everyone (a closed round's published copy
    // is made when someone first reads it).
    tx.add_staff_page("2025", &crate::store::today()).await?;
    tx.commit().await?;
    println!(
        "Demo: {MUNICIPALITY} kommune med {} enheter og {total} svar i rundene {}, og {} områder med tiltak fra 2024 og 2025. Runde 2026 er åpen; resultatene fra 2025 er publisert for alle på /resultater/2025.",
        UNITS.len(),
        YEARS.join(", "),
        areas.len()
    );
    println!("Start serveren med «trappa serve» og åpne http://127.0.0.1:3000/");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_answers_fit_their_columns() {
        let lib = Library::builtin();
        let round = demo_round("2026", &lib);
        let mut rng = StdRng::seed_from_u64(1);
        let levels = vec![0.0; UNITS.len()];
        let rows = responses(&round, 2, &mut rng, &levels);
        assert!(rows.len() > 150, "{}", rows.len());
        for r in &rows {
            let values =
                crate::survey::answer::decode_answers(round.columns(), &r.answers).unwrap();
            for (c, v) in round.columns().iter().zip(values) {
                if let Some(v) = v {
                    assert_eq!(c.parse(&v.to_string()), Ok(Some(v)), "{}", c.name);
                }
            }
        }
        // The tiny unit stays under the usual minimum group size of 5.
        assert!(
            rows.iter()
                .filter(|r| r.unit == "Ungdomsklubben «Tårnet»")
                .count()
                < 5
        );
    }
}
