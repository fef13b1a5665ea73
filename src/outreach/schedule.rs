//! A round's schedule as an administrator types it, in the municipality's
//! time (Europe/Oslo, summer time and all), and back: the store keeps
//! seconds since 1970.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

use crate::store::outreach::Schedule;

/// The municipality's time zone.
fn zone() -> TimeZone {
    TimeZone::get("Europe/Oslo").expect("the bundled time zone database has Europe/Oslo")
}

/// Why a schedule is refused, with the field it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not `YYYY-MM-DD` (deadline, a reminder day).
    NotADay {
        field: &'static str,
        value: String,
    },
    /// Not `YYYY-MM-DDTHH:MM` (opening, closing).
    NotATime {
        field: &'static str,
        value: String,
    },
    CloseBeforeOpen,
    /// A reminder day before today or after the closing.
    ReminderOutside {
        day: String,
    },
    DeadlineAfterClose,
    TooManyReminders,
}

/// Most reminder days a round may have.
pub const MAX_REMINDERS: usize = 5;

/// What the schedule form holds, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Typed {
    pub deadline: String,
    pub opens_at: String,
    pub closes_at: String,
    pub reminder_days: String,
}

fn day(field: &'static str, value: &str) -> Result<Date, Problem> {
    value.trim().parse::<Date>().map_err(|_| Problem::NotADay {
        field,
        value: value.to_string(),
    })
}

fn moment(field: &'static str, value: &str) -> Result<Option<i64>, Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let bad = || Problem::NotATime {
        field,
        value: value.to_string(),
    };
    let civil = value.parse::<DateTime>().map_err(|_| bad())?;
    let zoned = civil.to_zoned_datetime(zone()).map_err(|_| bad())?;
    // A time the clocks skip in spring (02:30 on the last Sunday of March)
    // does not exist in Norway: say so rather than move it.
    if zoned.datetime() != civil {
        return Err(bad());
    }
    Ok(Some(zoned.timestamp().as_second()))
}

/// Reads the form; `now` is seconds since 1970. Every problem is named.
pub fn parse(typed: &Typed, now: i64) -> Result<Schedule, Vec<Problem>> {
    let mut problems = Vec::new();
    let deadline = match typed.deadline.trim() {
        "" => None,
        d => match day("deadline", d) {
            Ok(d) => Some(d.to_string()),
            Err(p) => {
                problems.push(p);
                None
            }
        },
    };
    let opens_at = moment("opens_at", &typed.opens_at).unwrap_or_else(|p| {
        problems.push(p);
        None
    });
    let closes_at = moment("closes_at", &typed.closes_at).unwrap_or_else(|p| {
        problems.push(p);
        None
    });
    if let (Some(o), Some(c)) = (opens_at, closes_at)
        && c <= o
    {
        problems.push(Problem::CloseBeforeOpen);
    }
    let today = today(now);
    let closing_day = closes_at.map(day_of);
    let mut reminder_days = Vec::new();
    for token in typed
        .reminder_days
        .split([',', ' ', '\n', ';'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        match day("reminder_days", token) {
            Ok(d) => {
                let d = d.to_string();
                if d < today || closing_day.as_ref().is_some_and(|c| &d > c) {
                    problems.push(Problem::ReminderOutside { day: d });
                } else if !reminder_days.contains(&d) {
                    reminder_days.push(d);
                }
            }
            Err(p) => problems.push(p),
        }
    }
    reminder_days.sort();
    if reminder_days.len() > MAX_REMINDERS {
        problems.push(Problem::TooManyReminders);
    }
    if let (Some(d), Some(c)) = (&deadline, &closing_day)
        && d > c
    {
        problems.push(Problem::DeadlineAfterClose);
    }
    if problems.is_empty() {
        Ok(Schedule {
            deadline,
            opens_at,
            closes_at,
            reminder_days,
        })
    } else {
        Err(problems)
    }
}

/// The schedule as the form shows it.
pub fn typed(schedule: &Schedule) -> Typed {
    let local = |t: Option<i64>| {
        t.and_then(|t| jiff::Timestamp::from_second(t).ok())
            .map(|t| {
                t.to_zoned_datetime(zone())
                    .datetime()
                    .strftime("%Y-%m-%dT%H:%M")
                    .to_string()
            })
            .unwrap_or_default()
    };
    Typed {
        deadline: schedule.deadline.clone().unwrap_or_default(),
        opens_at: local(schedule.opens_at),
        closes_at: local(schedule.closes_at),
        reminder_days: schedule.reminder_days.join(", "),
    }
}

/// `YYYY-MM-DD HH:MM` in the municipality's time, for pages and letters.
pub fn shown(at: i64) -> String {
    jiff::Timestamp::from_second(at)
        .map(|t| {
            t.to_zoned_datetime(zone())
                .strftime("%d.%m.%Y %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

/// The day `at` falls on in the municipality, as `YYYY-MM-DD`.
pub fn day_of(at: i64) -> String {
    jiff::Timestamp::from_second(at)
        .map(|t| t.to_zoned_datetime(zone()).date().to_string())
        .unwrap_or_default()
}

/// Today in the municipality, as `YYYY-MM-DD`.
pub fn today(now: i64) -> String {
    day_of(now)
}

/// A `YYYY-MM-DD` day as people read it: `14.03.2027`.
pub fn day_shown(day: &str) -> String {
    day.parse::<Date>()
        .map(|d| d.strftime("%d.%m.%Y").to_string())
        .unwrap_or_else(|_| day.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_798_761_600; // 2027-01-01 00:00 UTC

    fn typed(opens: &str, closes: &str, reminders: &str) -> Typed {
        Typed {
            deadline: String::new(),
            opens_at: opens.into(),
            closes_at: closes.into(),
            reminder_days: reminders.into(),
        }
    }

    #[test]
    fn times_are_read_in_norwegian_time_summer_and_winter() {
        let s = parse(&typed("2027-03-01T08:00", "2027-06-01T16:00", ""), NOW).unwrap();
        // Winter: UTC+1; summer: UTC+2.
        // 08:00 in winter is 07:00 UTC.
        assert_eq!(s.opens_at, Some(1_803_884_400));
        assert_eq!(shown(s.opens_at.unwrap()), "01.03.2027 08:00");
        assert_eq!(shown(s.closes_at.unwrap()), "01.06.2027 16:00");
        // 16:00 in summer is 14:00 UTC: 92 days and 7 hours later.
        assert_eq!(
            s.closes_at.unwrap() - s.opens_at.unwrap(),
            92 * 86400 + 7 * 3600
        );
        assert_eq!(super::typed(&s).opens_at, "2027-03-01T08:00");
    }

    #[test]
    fn a_time_the_clocks_skip_is_refused() {
        let p = parse(&typed("2027-03-28T02:30", "", ""), NOW).unwrap_err();
        assert_eq!(
            p,
            [Problem::NotATime {
                field: "opens_at",
                value: "2027-03-28T02:30".into()
            }]
        );
        assert!(parse(&typed("2027-03-28T03:30", "", ""), NOW).is_ok());
    }

    #[test]
    fn a_bad_schedule_names_each_problem() {
        let problems = parse(
            &typed(
                "2027-03-01T08:00",
                "2027-02-01T08:00",
                "2026-12-24, 31.03.2027",
            ),
            NOW,
        )
        .unwrap_err();
        assert!(problems.contains(&Problem::CloseBeforeOpen));
        assert!(problems.contains(&Problem::ReminderOutside {
            day: "2026-12-24".into()
        }));
        assert!(problems.contains(&Problem::NotADay {
            field: "reminder_days",
            value: "31.03.2027".into()
        }));
    }
}
