//! Rate limits. Failed logins are counted in the database, per account and
//! per address, so the limit holds whichever instance the next attempt
//! reaches. Submissions and code look-ups get a per-address token bucket in
//! memory (governor): a flood guard for this instance, set generously,
//! since a whole workplace may answer from one address behind its firewall.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU32, Ordering};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use sha2::{Digest, Sha256};

use axum::http::StatusCode;

use super::AppState;
use super::error::AppError;
use crate::i18n::{Lang, tr, tr_args};
use crate::store::Store;

/// The window failed logins are counted over.
pub const LOGIN_WINDOW_SECS: i64 = 15 * 60;
/// Failed logins per account within the window before it is locked.
pub const LOGIN_FAILURES_PER_ACCOUNT: u64 = 5;
/// Failed logins per address within the window, across accounts.
pub const LOGIN_FAILURES_PER_ADDRESS: u64 = 30;

/// Default submissions (and code look-ups) per address per minute.
pub const DEFAULT_SUBMITS_PER_MINUTE: u32 = 600;

pub struct SubmitLimiter {
    buckets: DefaultKeyedRateLimiter<IpAddr>,
    checks: AtomicU32,
}

impl SubmitLimiter {
    /// `per_minute` requests per address, with up to a minute's worth at once;
    /// `None` for 0 (no limit, for load tests).
    pub fn new(per_minute: u32) -> Option<SubmitLimiter> {
        let n = NonZeroU32::new(per_minute)?;
        Some(SubmitLimiter {
            buckets: RateLimiter::keyed(Quota::per_minute(n).allow_burst(n)),
            checks: AtomicU32::new(0),
        })
    }

    pub fn check(&self, addr: IpAddr, lang: Lang) -> Result<(), AppError> {
        // Forget quiet addresses now and then, so the map stays small.
        if self
            .checks
            .fetch_add(1, Ordering::Relaxed)
            .is_multiple_of(4096)
        {
            self.buckets.retain_recent();
        }
        self.buckets.check_key(&addr).map_err(|_| {
            AppError::localized(
                StatusCode::TOO_MANY_REQUESTS,
                lang,
                "page-too-many",
                tr(lang, "survey-too-many"),
            )
        })
    }
}

/// The client's address: the peer, or with `trust_proxy` the address the
/// reverse proxy appended last to `X-Forwarded-For`.
pub fn client_addr(parts: &Parts, trust_proxy: bool) -> IpAddr {
    // The proxy appends: the last value of the last header line is the one
    // it saw; anything before it came from the client.
    let forwarded = trust_proxy
        .then(|| {
            let last = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .next_back()?;
            last.to_str().ok()?.rsplit(',').next()?.trim().parse().ok()
        })
        .flatten();
    forwarded
        .or_else(|| {
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip())
        })
        .unwrap_or(IpAddr::from([0, 0, 0, 0]))
}

/// The client's address, as an extractor (see `client_addr`).
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(client_addr(parts, state.trust_proxy)))
    }
}

/// Applies the submission limit for the client's address.
pub fn check_submit(state: &AppState, addr: &ClientAddr, lang: Lang) -> Result<(), AppError> {
    match &state.submit_limit {
        Some(limiter) => limiter.check(addr.0, lang),
        None => Ok(()),
    }
}

/// The keys failed logins are counted under. Addresses are hashed: the
/// database needs to count them, not to know them.
pub fn login_keys(name: &str, addr: IpAddr) -> [String; 2] {
    let digest = Sha256::digest(addr.to_string().as_bytes());
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    [format!("user:{name}"), format!("addr:{hex}")]
}

pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Takes a login attempt at `at`, counted as failed until it is proved
/// right; refused when the account or the address has failed too often
/// within the window. Check and count are one step in the store, so that
/// guesses sent at once cannot all pass the check before any is counted.
pub async fn reserve_login(store: &dyn Store, keys: &[String; 2], at: i64) -> Result<(), AppError> {
    let most = [LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_ADDRESS];
    if !store
        .reserve_login(keys, most, at, at - LOGIN_WINDOW_SECS)
        .await?
    {
        return Err(AppError::TooMany(tr_args(
            super::lang::current(),
            "login-too-many",
            &[("minutes", (LOGIN_WINDOW_SECS / 60).into())],
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bucket_empties_and_other_addresses_go_on() {
        let limiter = SubmitLimiter::new(3).unwrap();
        let a = IpAddr::from([10, 0, 0, 1]);
        for _ in 0..3 {
            assert!(limiter.check(a, Lang::Nb).is_ok());
        }
        assert!(limiter.check(a, Lang::Nb).is_err());
        assert!(limiter.check(IpAddr::from([10, 0, 0, 2]), Lang::Nb).is_ok());
        assert!(SubmitLimiter::new(0).is_none());
    }

    #[test]
    fn login_keys_hide_the_address() {
        let [user, addr] = login_keys("Kari", IpAddr::from([192, 168, 1, 20]));
        assert_eq!(
            user, "user:Kari",
            "the exact name, as accounts are looked up"
        );
        assert!(!addr.contains("192.168"));
    }
}
