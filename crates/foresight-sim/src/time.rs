//! Plant-local time: the demo site runs on China Standard Time (UTC+8, no daylight saving), and its
//! people work two twelve-hour shifts, day 08:00–20:00 and night 20:00–08:00.

use serde::Serialize;

pub const SECOND_MS: i64 = 1_000;
pub const MINUTE_MS: i64 = 60 * SECOND_MS;
pub const HOUR_MS: i64 = 60 * MINUTE_MS;
pub const DAY_MS: i64 = 24 * HOUR_MS;
/// Asia/Shanghai.
pub const TZ_OFFSET_MS: i64 = 8 * HOUR_MS;
pub const DAY_SHIFT_START_H: i64 = 8;
pub const NIGHT_SHIFT_START_H: i64 = 20;

/// Hour of the local day, `0.0 <= h < 24.0`.
pub fn local_hour(t_ms: i64) -> f64 {
    (t_ms + TZ_OFFSET_MS).rem_euclid(DAY_MS) as f64 / HOUR_MS as f64
}

/// Local midnight at or before `t_ms`.
pub fn local_midnight(t_ms: i64) -> i64 {
    t_ms - (t_ms + TZ_OFFSET_MS).rem_euclid(DAY_MS)
}

/// Local day number (days since 1970-01-01 local).
pub fn local_day(t_ms: i64) -> i64 {
    (t_ms + TZ_OFFSET_MS).div_euclid(DAY_MS)
}

/// Day of the year, 0 on 1 January, as a fraction (the 365.2425-day mean year: at most a day off).
pub fn day_of_year(t_ms: i64) -> f64 {
    ((t_ms + TZ_OFFSET_MS) as f64 / DAY_MS as f64).rem_euclid(365.2425)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shift {
    /// 08:00–20:00 local.
    Day,
    /// 20:00–08:00 local.
    Night,
}

pub fn shift_at(t_ms: i64) -> Shift {
    let h = local_hour(t_ms);
    if (DAY_SHIFT_START_H as f64..NIGHT_SHIFT_START_H as f64).contains(&h) {
        Shift::Day
    } else {
        Shift::Night
    }
}

/// Start of the shift containing `t_ms`.
pub fn shift_start(t_ms: i64) -> i64 {
    let midnight = local_midnight(t_ms);
    let day = midnight + DAY_SHIFT_START_H * HOUR_MS;
    let night = midnight + NIGHT_SHIFT_START_H * HOUR_MS;
    if t_ms >= night {
        night
    } else if t_ms >= day {
        day
    } else {
        night - DAY_MS
    }
}

/// The first night shift start (20:00 local) at or after `t_ms`.
pub fn next_night_start(t_ms: i64) -> i64 {
    let night = local_midnight(t_ms) + NIGHT_SHIFT_START_H * HOUR_MS;
    if night >= t_ms {
        night
    } else {
        night + DAY_MS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-01-15 00:00 +08:00
    const MIDNIGHT: i64 = 1_768_406_400_000;

    #[test]
    fn local_clock_and_shifts() {
        assert_eq!(local_hour(MIDNIGHT), 0.0);
        assert_eq!(local_midnight(MIDNIGHT + 5 * HOUR_MS), MIDNIGHT);
        assert_eq!(shift_at(MIDNIGHT + 7 * HOUR_MS), Shift::Night);
        assert_eq!(shift_at(MIDNIGHT + 8 * HOUR_MS), Shift::Day);
        assert_eq!(shift_at(MIDNIGHT + 20 * HOUR_MS), Shift::Night);
        assert_eq!(shift_start(MIDNIGHT + 3 * HOUR_MS), MIDNIGHT - 4 * HOUR_MS);
        assert_eq!(shift_start(MIDNIGHT + 9 * HOUR_MS), MIDNIGHT + 8 * HOUR_MS);
        assert_eq!(next_night_start(MIDNIGHT + 21 * HOUR_MS), MIDNIGHT + 44 * HOUR_MS);
        assert_eq!(next_night_start(MIDNIGHT + 20 * HOUR_MS), MIDNIGHT + 20 * HOUR_MS);
        let doy = day_of_year(MIDNIGHT);
        assert!((13.0..16.0).contains(&doy), "{doy}");
    }
}
