//! Weather of a coastal chemical park on the Bohai Sea (Tianjin Binhai): seasonal and daily cycles,
//! multi-day weather anomalies, humidity from a dew point that changes slowly over the day (so humidity
//! moves inversely to temperature), sea breeze, pressure and rain, plus the cold front of the scripted
//! cold, humid night.

use crate::noise::{Ar1, SimRng};
use crate::time::{day_of_year, local_day, local_hour};
use std::f64::consts::TAU;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeatherNow {
    pub temperature_c: f64,
    pub humidity_pct: f64,
    pub dew_point_c: f64,
    pub wet_bulb_c: f64,
    /// Today's mean temperature (seasonal plus anomaly), what slow thermal masses follow.
    pub daily_mean_c: f64,
    pub wind_speed_m_s: f64,
    pub wind_direction_deg: f64,
    pub pressure_hpa: f64,
    pub rainfall_today_mm: f64,
    pub raining: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Weather {
    temp_anom: Ar1,
    dep_anom: Ar1,
    wind_anom: Ar1,
    dir_anom: Ar1,
    press_anom: Ar1,
    wet: Ar1,
    cold_noise: Ar1,
    rain_day: i64,
    rain_today: f64,
    pub now: WeatherNow,
}

/// Seasonal phase: 1 in mid-January (coldest), −1 in mid-July.
fn winter(doy: f64) -> f64 {
    (TAU * (doy - 20.0) / 365.25).cos()
}

/// Monthly means of Tianjin: −3 °C in January, 28 °C in July.
pub(crate) fn seasonal_mean_c(doy: f64) -> f64 {
    12.5 - 15.5 * winter(doy)
}

/// −1 at 05:30 (coldest), +1 at 14:30 (warmest), cosine in between.
pub(crate) fn diurnal(h: f64) -> f64 {
    if (5.5..14.5).contains(&h) {
        -(std::f64::consts::PI * (h - 5.5) / 9.0).cos()
    } else {
        let u = (h - 14.5).rem_euclid(24.0) / 15.0;
        (std::f64::consts::PI * u).cos()
    }
}

const MAGNUS_A: f64 = 17.62;
const MAGNUS_B: f64 = 243.12;

pub(crate) fn relative_humidity(t: f64, td: f64) -> f64 {
    100.0 * (MAGNUS_A * td / (MAGNUS_B + td) - MAGNUS_A * t / (MAGNUS_B + t)).exp()
}

pub(crate) fn dew_point(t: f64, rh: f64) -> f64 {
    let g = (rh / 100.0).ln() + MAGNUS_A * t / (MAGNUS_B + t);
    MAGNUS_B * g / (MAGNUS_A - g)
}

/// Stull (2011) wet-bulb temperature.
pub(crate) fn wet_bulb(t: f64, rh: f64) -> f64 {
    t * (0.151_977 * (rh + 8.313_659).sqrt()).atan() + (t + rh).atan() - (rh - 1.676_331).atan()
        + 0.003_918_38 * rh.powf(1.5) * (0.023_101 * rh).atan()
        - 4.686_035
}

/// Signed smallest angle from `from` to `to`, degrees.
fn angle_to(from: f64, to: f64) -> f64 {
    (to - from + 540.0).rem_euclid(360.0) - 180.0
}

impl Weather {
    pub fn new(t: i64, rng: &mut SimRng) -> Weather {
        let mut w = Weather {
            temp_anom: Ar1::new(2.2, 36.0 * 3600.0, rng),
            dep_anom: Ar1::new(1.3, 18.0 * 3600.0, rng),
            wind_anom: Ar1::new(1.2, 2.0 * 3600.0, rng),
            dir_anom: Ar1::new(35.0, 4.0 * 3600.0, rng),
            press_anom: Ar1::new(4.0, 48.0 * 3600.0, rng),
            wet: Ar1::new(1.0, 8.0 * 3600.0, rng),
            cold_noise: Ar1::new(1.0, 3600.0, rng),
            rain_day: local_day(t),
            rain_today: 0.0,
            now: WeatherNow {
                temperature_c: 0.0,
                humidity_pct: 0.0,
                dew_point_c: 0.0,
                wet_bulb_c: 0.0,
                daily_mean_c: 0.0,
                wind_speed_m_s: 0.0,
                wind_direction_deg: 0.0,
                pressure_hpa: 0.0,
                rainfall_today_mm: 0.0,
                raining: false,
            },
        };
        // Some rain may already have fallen today.
        let hours = local_hour(t);
        w.rain_today = if w.wet.x > 2.0 { (w.wet.x - 2.0) * 2.0 * hours } else { 0.0 };
        w.compute(t, 0.0, 0.0);
        w
    }

    /// Advances by `dt_s`; `cold` is how far the scripted cold front has taken over (0–1).
    pub fn update(&mut self, t: i64, dt_s: f64, cold: f64, rng: &mut SimRng) {
        self.temp_anom.step(dt_s, rng);
        self.dep_anom.step(dt_s, rng);
        self.wind_anom.step(dt_s, rng);
        self.dir_anom.step(dt_s, rng);
        self.press_anom.step(dt_s, rng);
        self.wet.step(dt_s, rng);
        self.cold_noise.step(dt_s, rng);
        self.compute(t, dt_s, cold);
    }

    fn compute(&mut self, t: i64, dt_s: f64, cold: f64) {
        let doy = day_of_year(t);
        let h = local_hour(t);
        let w = winter(doy);
        let daily_mean = seasonal_mean_c(doy) + self.temp_anom.x;
        let amplitude = 4.0 + 0.5 * w;
        let base_t = daily_mean + amplitude * diurnal(h);
        // Rain: more likely in summer; while it rains the air is near saturation.
        let threshold = 1.6 - 0.6 * (TAU * (doy - 200.0) / 365.25).cos();
        let rain_rate = if self.wet.x > threshold { 3.0 * (self.wet.x - threshold) } else { 0.0 };
        let depression_mean = 6.5 + 2.5 * w;
        let mut base_td = daily_mean - depression_mean - self.dep_anom.x;
        if rain_rate > 0.0 {
            base_td = base_td.max(base_t - 1.5);
        }
        base_td = base_td.min(base_t - 0.15);
        // Cold air masses here are dry: below 7 °C the humidity stays under 80 %.
        if base_t < 7.0 {
            base_td = base_td.min(dew_point(base_t, 80.0));
        }
        // The scripted front: 2–4 °C, fog and drizzle (depression 0.4–1.6 °C), north-east wind.
        let cold_t = (2.8 + 0.6 * diurnal(h) + 0.35 * self.cold_noise.x).clamp(1.6, 4.2);
        let cold_dep = (0.9 + 0.3 * self.cold_noise.x).clamp(0.4, 1.6);
        let temperature = (1.0 - cold) * base_t + cold * cold_t;
        let depression = (1.0 - cold) * (base_t - base_td) + cold * cold_dep;
        let dew = temperature - depression;
        let humidity = relative_humidity(temperature, dew).clamp(5.0, 99.0);
        // Wind: stronger in the afternoon (sea breeze from the east), north-west in winter, south-east
        // in summer.
        let breeze = (TAU * (h - 14.0) / 24.0).cos().max(0.0);
        let speed = (3.0 + 1.2 * breeze + self.wind_anom.x + 2.5 * cold).clamp(0.2, 25.0);
        let prevailing = if w > 0.0 { 320.0 } else { 140.0 };
        let mut direction = prevailing + self.dir_anom.x;
        direction += 0.5 * breeze * angle_to(direction, 95.0);
        direction += cold * angle_to(direction, 45.0);
        let pressure = 1016.0 + 11.0 * w + self.press_anom.x - 0.6 * self.temp_anom.x + 5.0 * cold;
        let day = local_day(t);
        if day != self.rain_day {
            self.rain_day = day;
            self.rain_today = 0.0;
        }
        let rain_rate = if cold > 0.5 { rain_rate.max(0.3) } else { rain_rate };
        self.rain_today = (self.rain_today + rain_rate * dt_s / 3600.0).min(450.0);
        self.now = WeatherNow {
            temperature_c: temperature,
            humidity_pct: humidity,
            dew_point_c: dew,
            wet_bulb_c: wet_bulb(temperature, humidity),
            daily_mean_c: (1.0 - cold) * daily_mean + cold * 3.0,
            wind_speed_m_s: speed,
            wind_direction_deg: direction.rem_euclid(360.0),
            pressure_hpa: pressure.clamp(960.0, 1060.0),
            rainfall_today_mm: self.rain_today,
            raining: rain_rate > 0.0,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn humidity_formulas_invert() {
        let td = dew_point(20.0, 60.0);
        assert!((relative_humidity(20.0, td) - 60.0).abs() < 1e-9);
        let tw = wet_bulb(20.0, 50.0);
        assert!((tw - 13.7).abs() < 0.2, "{tw}");
        assert!((diurnal(14.5) - 1.0).abs() < 1e-12 && (diurnal(5.5) + 1.0).abs() < 1e-12);
        assert!((seasonal_mean_c(20.0) + 3.0).abs() < 0.01);
    }
}
