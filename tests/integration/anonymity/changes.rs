//! The attacker who reads a closed round twice: a leader saves the report,
//! an administrator changes the round's answers the ways the job needs
//! (a late paper answer; the round reopened for one more answer and closed
//! again; the answers deleted and the export imported again less one row;
//! the round edited), and tries to publish the change; the leader reads the
//! report again. Any figure shown both times that changed by 1..k−1
//! answers, or by one answer taking another's place, gives those people's
//! answers away.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;
use trappa::auth::AccountRole;
use trappa::report::Kind;
use trappa::report::access::{Viewer, report_for};
use trappa::store::Store;

use super::{Attacker, DataSet, Person, Year, load, person};

/// What the leader for every unit reads of `year`: its figures, or none.
async fn read(store: &dyn Store, data: &DataSet, year: &Year) -> Attacker {
    let viewer = Viewer {
        role: AccountRole::Leader,
        units: &data.units,
    };
    let mut attacker = Attacker::default();
    if let Ok(built) = report_for(store, viewer, &year.id, Kind::Leader, None).await {
        let json: Value = serde_json::from_str(&trappa::report::json(&built)).unwrap();
        attacker.read(&json, "leader");
    }
    attacker
}

/// The figures of `year` shown in both readings whose difference is about
/// 1..k−1 answers, or about one answer that took another's place.
fn differences(
    before: &Attacker,
    after: &Attacker,
    year: &Year,
    k: u64,
    change: &str,
) -> Vec<String> {
    let (Some(a), Some(b)) = (before.rounds.get(&year.id), after.rounds.get(&year.id)) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (key, old) in &a.figs {
        let Some(new) = b.figs.get(key) else { continue };
        let changed = (new.n - old.n).abs();
        let moved = match (old.sum, new.sum) {
            (Some(x), Some(y)) => (x - y).abs() > 1e-6,
            _ => false,
        };
        if (1..k as i64).contains(&changed) || (changed == 0 && moved) {
            found.push(format!(
                "{change}: {:?} {:?} went from n = {} to n = {}",
                key.0, key.1, old.n, new.n
            ));
        }
    }
    found
}

/// Every change an administrator can make to the closed second round of
/// `data`, each read before and after; returns what the differences gave away.
pub(super) async fn attack(store: &dyn Store, data: &DataSet, seed: u64) -> (Vec<String>, usize) {
    let mut published = 0;
    let year = &data.years[1];
    let k = data.k;
    let mut found = Vec::new();
    if year.units.is_empty() {
        return (found, published);
    }
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5EED);
    let whole = data.units.len() - 1;
    let mut late = || -> Person {
        let unit = year.units[rng.random_range(0..year.units.len())];
        let mut late = person(&mut rng, unit, whole, 10, 0.2, 0.3);
        // Some late answers say they do not work with the first partner.
        if rng.random_bool(0.3) {
            late.apart[0] = true;
            late.now[0] = None;
        }
        late
    };
    let round =
        || async { trappa::survey::Round::clone(&store.round(&year.id).await.unwrap().unwrap()) };
    let mut before = read(store, data, year).await;
    // A late paper answer, imported; the administrator tries to publish it.
    load(store, data, year, &[late()], false).await;
    trappa::publication::publish(store, &round().await)
        .await
        .unwrap();
    let after = read(store, data, year).await;
    found.extend(differences(&before, &after, year, k, "a late answer"));
    before = after;
    // Reopened for one more answer, and closed again.
    store.set_open(&year.id, true).await.unwrap();
    load(store, data, year, &[late()], false).await;
    trappa::publication::close(store, &year.id).await.unwrap();
    let after = read(store, data, year).await;
    found.extend(differences(
        &before,
        &after,
        year,
        k,
        "reopened for one answer",
    ));
    before = after;
    // Deleted, and imported again less one answer.
    let mut rows = Vec::new();
    store
        .responses(&year.id, &mut |r| {
            rows.push(r);
            Ok(())
        })
        .await
        .unwrap();
    store.delete_responses(&year.id).await.unwrap();
    if let Some((_, rest)) = rows.split_first() {
        let mut tx = store.begin_import().await.unwrap();
        tx.insert(&round().await, rest.to_vec()).await.unwrap();
        tx.commit().await.unwrap();
    }
    trappa::publication::publish(store, &round().await)
        .await
        .unwrap();
    let after = read(store, data, year).await;
    found.extend(differences(
        &before,
        &after,
        year,
        k,
        "imported again less one answer",
    ));
    before = after;
    // A batch of late answers large enough to publish: k or more in one
    // unit and role, each answering everything.
    let mut batch = Vec::new();
    let unit = year.units[0];
    let mut batch_rng = rng_batch(seed);
    for _ in 0..(2 * k) {
        let mut p = person(&mut batch_rng, unit, whole, 0, 0.0, 0.0);
        p.role = 0;
        p.unit = unit;
        batch.push(p);
    }
    load(store, data, year, &batch, false).await;
    let outcome = trappa::publication::publish(store, &round().await)
        .await
        .unwrap();
    published += usize::from(matches!(
        outcome,
        trappa::publication::Outcome::Published { .. }
    ));
    let after = read(store, data, year).await;
    found.extend(differences(
        &before,
        &after,
        year,
        k,
        "a batch of late answers",
    ));
    before = after;
    // Edited: a new title (its units are fixed once it has answers).
    let r = round().await;
    let _ = store
        .edit_round(&year.id, "Ny tittel", &r.units, "admin")
        .await;
    let after = read(store, data, year).await;
    found.extend(differences(&before, &after, year, k, "edited"));
    (found, published)
}

fn rng_batch(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed ^ 0xBA7C)
}
