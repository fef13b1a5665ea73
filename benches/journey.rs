//! The stepped survey as people answer it, for `benches/journey.sh`:
//! each client opens the form, answers every screen (fetching it, then
//! posting it) and reads the thank-you page, again and again. It prints
//! completed surveys per second and the time per request.
//!
//! The fields to post on a screen are read from its HTML once per screen
//! (by its `_step` name) and reused: the client should spend its time
//! waiting for the server, not parsing pages.
//!
//! Usage: cargo bench --bench journey -- URL ROUND CLIENTS SECONDS [HOSTS]
//! where HOSTS is a file of host names, one per line: each survey goes to
//! the next one (sent as the `Host` header to URL's address).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::{COOKIE, HOST, LOCATION, SET_COOKIE};
use reqwest::redirect::Policy;

/// What one screen posts besides its token: learned from its page.
type Fields = Vec<(String, String)>;

struct Shared {
    base: String,
    round: String,
    hosts: Vec<String>,
    screens: Mutex<HashMap<String, Fields>>,
    deadline: Instant,
}

#[derive(Default)]
struct Tally {
    surveys: u64,
    errors: u64,
    /// Microseconds per request.
    latencies: Vec<u32>,
    /// Microseconds per screen: its page fetched and its answers posted.
    screens: Vec<u32>,
    /// Screens answered with the same screen again (a question asked twice).
    asked_again: u64,
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let [base, round, clients, seconds, rest @ ..] = args.as_slice() else {
        eprintln!("usage: journey URL ROUND CLIENTS SECONDS [HOSTS]");
        std::process::exit(2);
    };
    let clients: usize = clients.parse().expect("CLIENTS is a number");
    let seconds: u64 = seconds.parse().expect("SECONDS is a number");
    let hosts = match rest.first() {
        Some(file) => std::fs::read_to_string(file)
            .expect("HOSTS can be read")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect(),
        None => Vec::new(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime starts");
    let started = Instant::now();
    let shared = Arc::new(Shared {
        base: base.trim_end_matches('/').to_string(),
        round: round.clone(),
        hosts,
        screens: Mutex::new(HashMap::new()),
        deadline: started + Duration::from_secs(seconds),
    });
    let tallies = runtime.block_on(async {
        let tasks: Vec<_> = (0..clients)
            .map(|i| tokio::spawn(client(shared.clone(), i)))
            .collect();
        let mut all = Vec::new();
        for t in tasks {
            all.push(t.await.expect("client ends"));
        }
        all
    });
    let elapsed = started.elapsed().as_secs_f64();
    let mut total = Tally::default();
    for t in tallies {
        total.surveys += t.surveys;
        total.errors += t.errors;
        total.asked_again += t.asked_again;
        total.latencies.extend(t.latencies);
        total.screens.extend(t.screens);
    }
    total.latencies.sort_unstable();
    total.screens.sort_unstable();
    let pct = |v: &[u32], p: f64| -> f64 {
        if v.is_empty() {
            return 0.0;
        }
        v[((v.len() - 1) as f64 * p).round() as usize] as f64 / 1000.0
    };
    println!(
        "completed surveys: {} in {:.1} s = {:.1} surveys/s; requests: {} = {:.0}/s; errors: {}; screens asked again: {}",
        total.surveys,
        elapsed,
        total.surveys as f64 / elapsed,
        total.latencies.len(),
        total.latencies.len() as f64 / elapsed,
        total.errors,
        total.asked_again
    );
    println!(
        "per request: p50 {:.2} ms, p99 {:.2} ms; per screen (page and post): p50 {:.2} ms, p99 {:.2} ms",
        pct(&total.latencies, 0.50),
        pct(&total.latencies, 0.99),
        pct(&total.screens, 0.50),
        pct(&total.screens, 0.99),
    );
}

async fn client(shared: Arc<Shared>, number: usize) -> Tally {
    let http = reqwest::Client::builder()
        .redirect(Policy::none())
        .pool_max_idle_per_host(1)
        .build()
        .expect("client builds");
    let mut tally = Tally::default();
    let mut turn = number;
    while Instant::now() < shared.deadline {
        let host =
            (!shared.hosts.is_empty()).then(|| shared.hosts[turn % shared.hosts.len()].clone());
        turn += 1;
        match survey(&http, &shared, host.as_deref(), &mut tally).await {
            Ok(()) => tally.surveys += 1,
            Err(e) => {
                tally.errors += 1;
                if tally.errors == 1 {
                    eprintln!("client {number}: {e}");
                }
            }
        }
    }
    tally
}

/// One person's survey, from the first address to the thank-you page.
async fn survey(
    http: &reqwest::Client,
    shared: &Shared,
    host: Option<&str>,
    tally: &mut Tally,
) -> Result<(), String> {
    let request = |method: reqwest::Method, path: &str, cookie: &str| {
        let mut r = http.request(method, format!("{}{path}", shared.base));
        if let Some(h) = host {
            r = r.header(HOST, h);
        }
        if !cookie.is_empty() {
            r = r.header(COOKIE, cookie);
        }
        r
    };
    let timed = async |r: reqwest::RequestBuilder, tally: &mut Tally| {
        let t = Instant::now();
        let response = r.send().await.map_err(|e| e.to_string())?;
        let status = response.status();
        let location = response
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(String::from);
        let cookie = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| !c.contains("Max-Age=0"))
            .and_then(|c| c.split(';').next())
            .map(String::from);
        let body = response.text().await.map_err(|e| e.to_string())?;
        tally.latencies.push(t.elapsed().as_micros() as u32);
        Ok::<_, String>((status, location, cookie, body))
    };
    let (status, location, cookie, _) = timed(
        request(reqwest::Method::GET, &format!("/s/{}", shared.round), ""),
        tally,
    )
    .await?;
    let (Some(mut at), Some(cookie)) = (location, cookie) else {
        return Err(format!("the form did not start: {status}"));
    };
    // A screen answered with a page rather than an address (a question
    // asked again): that page is posted next, as a person would.
    let mut shown: Option<String> = None;
    for _ in 0..30 {
        let screen_started = Instant::now();
        let page = match shown.take() {
            Some(page) => page,
            None => {
                let (status, _, _, page) =
                    timed(request(reqwest::Method::GET, &at, &cookie), tally).await?;
                if at.contains("/takk") {
                    return if status.is_success() {
                        Ok(())
                    } else {
                        Err(format!("thank-you page: {status}"))
                    };
                }
                if !status.is_success() {
                    return Err(format!("{at}: {status}"));
                }
                page
            }
        };
        let body = answers(shared, &page)?;
        let post = request(
            reqwest::Method::POST,
            &format!("/s/{}", shared.round),
            &cookie,
        )
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body);
        let (status, location, _, page) = timed(post, tally).await?;
        tally
            .screens
            .push(screen_started.elapsed().as_micros() as u32);
        match location {
            Some(next) => at = next,
            None if status.is_success() => {
                tally.asked_again += 1;
                shown = Some(page);
            }
            None => return Err(format!("a screen was refused: {status}")),
        }
    }
    Err("more than 30 screens".into())
}

/// The value of the hidden field `name` in `page`.
fn hidden<'p>(page: &'p str, name: &str) -> Option<&'p str> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page.find(&marker)? + marker.len();
    let len = page[start..].find('"')?;
    Some(&page[start..start + len])
}

/// The posted form of a screen: its token and step, and its answers.
fn answers(shared: &Shared, page: &str) -> Result<String, String> {
    let token = hidden(page, "_token").ok_or("a screen without its token")?;
    let step = hidden(page, "_step").ok_or("a screen without its step")?;
    let ack = hidden(page, "_ack");
    let fields = {
        let mut screens = shared.screens.lock().expect("not poisoned");
        screens
            .entry(step.to_string())
            .or_insert_with(|| fields_of(page))
            .clone()
    };
    let mut body = form_urlencoded::Serializer::new(String::new());
    body.append_pair("_token", token).append_pair("_step", step);
    if let Some(ack) = ack {
        body.append_pair("_ack", ack);
    }
    for (name, value) in &fields {
        body.append_pair(name, value);
    }
    body.append_pair("_go", "next");
    Ok(body.finish())
}

/// What a person answers on a screen: the middle choice of each question
/// (the lower one of two),
/// the first unit and role, a short comment.
fn fields_of(page: &str) -> Fields {
    let html = scraper::Html::parse_document(page);
    let select = |s: &str| scraper::Selector::parse(s).expect("selector parses");
    let mut radios: Vec<(String, Vec<String>)> = Vec::new();
    for input in html.select(&select("form input[type=radio]")) {
        let (Some(name), Some(value)) = (input.attr("name"), input.attr("value")) else {
            continue;
        };
        match radios.iter_mut().find(|(n, _)| n == name) {
            Some((_, values)) => values.push(value.to_string()),
            None => radios.push((name.to_string(), vec![value.to_string()])),
        }
    }
    let mut fields: Fields = radios
        .into_iter()
        .map(|(name, values)| {
            let value = values[(values.len() - 1) / 2].clone();
            (name, value)
        })
        .collect();
    for s in html.select(&select("form select")) {
        let first = s
            .select(&select("option"))
            .filter_map(|o| o.attr("value"))
            .find(|v| !v.is_empty());
        if let (Some(name), Some(value)) = (s.attr("name"), first) {
            fields.push((name.to_string(), value.to_string()));
        }
    }
    for t in html.select(&select("form textarea")) {
        if let Some(name) = t.attr("name") {
            fields.push((name.to_string(), "Godt samarbeid, men mer tid takk".into()));
        }
    }
    fields
}
