//! Statistics from sufficient sums: mean, standard deviation (ddof = 1),
//! distribution, median of a discrete scale, and Welch's 95 % interval for
//! a change between two rounds. Pure functions.

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

use super::groups::Sums;

/// A scale item in one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScaleStats {
    pub n: u64,
    pub mean: f64,
    /// `None` with a single answer.
    pub std: Option<f64>,
    /// Answers per level, from the scale's lowest point.
    pub counts: Vec<u64>,
    /// Per cent per level (count / n × 100).
    pub pct: Vec<f64>,
}

pub fn variance(s: &Sums) -> Option<f64> {
    if s.n < 2.0 {
        return None;
    }
    let mean = s.sum / s.n;
    // Integer data: the sums are exact, so this one-pass form is accurate.
    Some(((s.sumsq - mean * s.sum) / (s.n - 1.0)).max(0.0))
}

pub fn scale_stats(s: &Sums) -> Option<ScaleStats> {
    if s.n < 1.0 {
        return None;
    }
    Some(ScaleStats {
        n: s.n as u64,
        mean: s.sum / s.n,
        std: variance(s).map(f64::sqrt),
        counts: s.levels.iter().map(|&c| c as u64).collect(),
        pct: s.levels.iter().map(|&c| 100.0 * c / s.n).collect(),
    })
}

/// The median of a discrete distribution given as counts per level
/// (`min` is the first level): the middle value, or the average of the two
/// middle ones when n is even.
pub fn median(levels: &[f64], min: i32) -> Option<f64> {
    let n: f64 = levels.iter().sum();
    if n < 1.0 {
        return None;
    }
    let n = n as u64;
    let value_at = |pos: u64| -> f64 {
        // 0-based position in the sorted answers.
        let mut seen = 0u64;
        for (i, &c) in levels.iter().enumerate() {
            seen += c as u64;
            if pos < seen {
                return (min + i as i32) as f64;
            }
        }
        (min + levels.len() as i32 - 1) as f64
    };
    Some(if n % 2 == 1 {
        value_at(n / 2)
    } else {
        (value_at(n / 2 - 1) + value_at(n / 2)) / 2.0
    })
}

/// A change between the previous round P and this round R.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// mean_R − mean_P
    pub delta: f64,
    pub se: f64,
    /// Welch–Satterthwaite degrees of freedom (`None` when se = 0).
    pub df: Option<f64>,
    pub low: f64,
    pub high: f64,
    /// The 95 % interval excludes 0.
    pub significant: bool,
    /// Significant and at least the minimum size worth mentioning.
    pub meaningful: bool,
}

/// Welch's interval for mean_R − mean_P; needs two answers on each side.
pub fn welch(r: &Sums, p: &Sums, min_change: f64) -> Option<Change> {
    let (vr, vp) = (variance(r)?, variance(p)?);
    let delta = r.sum / r.n - p.sum / p.n;
    let (ar, ap) = (vr / r.n, vp / p.n);
    let se = (ar + ap).sqrt();
    let (df, low, high) = if se == 0.0 {
        (None, delta, delta)
    } else {
        let df = (ar + ap).powi(2) / (ar * ar / (r.n - 1.0) + ap * ap / (p.n - 1.0));
        let t = StudentsT::new(0.0, 1.0, df).ok()?.inverse_cdf(0.975);
        (Some(df), delta - t * se, delta + t * se)
    };
    let significant = low > 0.0 || high < 0.0;
    Some(Change {
        delta,
        se,
        df,
        low,
        high,
        significant,
        meaningful: significant && delta.abs() >= min_change,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sums(values: &[i32], min: i32, max: i32) -> Sums {
        let mut levels = vec![0.0; (max - min + 1) as usize];
        for &v in values {
            levels[(v - min) as usize] += 1.0;
        }
        Sums {
            n: values.len() as f64,
            sum: values.iter().map(|&v| v as f64).sum(),
            sumsq: values.iter().map(|&v| (v * v) as f64).sum(),
            levels,
        }
    }

    #[test]
    fn mean_std_pct_by_hand() {
        let s = scale_stats(&sums(&[1, 2, 2, 5], 1, 5)).unwrap();
        assert_eq!(s.n, 4);
        assert_eq!(s.mean, 2.5);
        // Σ(x − 2.5)² = 2.25 + 0.25 + 0.25 + 6.25 = 9; 9 / 3 = 3
        assert!((s.std.unwrap() - 3f64.sqrt()).abs() < 1e-12);
        assert_eq!(s.pct, vec![25.0, 50.0, 0.0, 0.0, 25.0]);
        assert_eq!(scale_stats(&sums(&[4], 1, 5)).unwrap().std, None);
    }

    #[test]
    fn median_of_steps() {
        assert_eq!(median(&sums(&[1, 2, 3], 1, 4).levels, 1), Some(2.0));
        assert_eq!(median(&sums(&[2, 3, 1, 4], 1, 4).levels, 1), Some(2.5));
        assert_eq!(median(&sums(&[], 1, 4).levels, 1), None);
    }

    #[test]
    fn welch_matches_scipy() {
        // scipy.stats: Welch df and t.ppf(0.975, df) for these samples.
        let r = sums(&[4, 5, 4, 3, 5, 4], 1, 5);
        let p = sums(&[3, 2, 4, 3, 3], 1, 5);
        let c = welch(&r, &p, 0.1).unwrap();
        assert!((c.delta - 1.1666666666666667).abs() < 1e-12);
        let (vr, vp): (f64, f64) = (0.5666666666666667 / 6.0, 0.5 / 5.0);
        assert!((c.se - (vr + vp).sqrt()).abs() < 1e-12);
        let df = (vr + vp).powi(2) / (vr * vr / 5.0 + vp * vp / 4.0);
        assert!((c.df.unwrap() - df).abs() < 1e-9);
        // t(0.975, 8.72…) = 2.2718…, so the interval is above 0.
        assert!(c.significant && c.meaningful && c.low > 0.0);
        let same = welch(&sums(&[3, 3], 1, 5), &sums(&[3, 3], 1, 5), 0.1).unwrap();
        assert_eq!((same.low, same.high, same.significant), (0.0, 0.0, false));
    }
}
