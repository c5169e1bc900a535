//! Seeded randomness: one stream per subsystem and per device, so that a change in one does not shift
//! the numbers of another, and autocorrelated noise (AR(1), the exact discretisation of an
//! Ornstein–Uhlenbeck process, so any step length gives the same statistics).

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

pub(crate) type SimRng = StdRng;

/// SplitMix64 finaliser: a good 64-bit mix for deriving seeds and hashing small keys.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// An independent stream for (`seed`, `stream`).
pub(crate) fn stream(seed: u64, stream: u64) -> SimRng {
    SimRng::seed_from_u64(mix(seed ^ mix(stream.wrapping_add(0x5151))))
}

/// A uniform number in [0, 1) determined by the key alone (random access, no state).
pub(crate) fn hash_unit(seed: u64, a: u64, b: i64) -> f64 {
    let h = mix(mix(seed ^ mix(a)) ^ (b as u64));
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// Standard normal (Box–Muller).
pub(crate) fn normal(rng: &mut SimRng) -> f64 {
    let u1: f64 = 1.0 - rng.gen::<f64>();
    let u2: f64 = rng.gen::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

pub(crate) fn uniform(rng: &mut SimRng, lo: f64, hi: f64) -> f64 {
    lo + (hi - lo) * rng.gen::<f64>()
}

/// AR(1) noise with stationary standard deviation `sigma` and correlation time `tau_s`.
#[derive(Debug, Clone)]
pub(crate) struct Ar1 {
    pub x: f64,
    sigma: f64,
    tau_s: f64,
}

impl Ar1 {
    /// Starts from a draw of the stationary distribution, so there is no spin-up transient.
    pub fn new(sigma: f64, tau_s: f64, rng: &mut SimRng) -> Ar1 {
        Ar1 { x: sigma * normal(rng), sigma, tau_s }
    }

    pub fn step(&mut self, dt_s: f64, rng: &mut SimRng) -> f64 {
        let phi = (-dt_s.max(0.0) / self.tau_s).exp();
        self.x = phi * self.x + self.sigma * (1.0 - phi * phi).sqrt() * normal(rng);
        self.x
    }

    pub fn set_sigma(&mut self, sigma: f64) {
        self.sigma = sigma;
    }
}

/// First-order lag of `y` towards `target` over `dt_s` with time constant `tau_s`.
pub(crate) fn lag(y: f64, target: f64, dt_s: f64, tau_s: f64) -> f64 {
    y + (target - y) * (1.0 - (-dt_s / tau_s).exp())
}

/// 0 below `a`, 1 above `b`, smooth in between.
pub(crate) fn smoothstep(a: f64, b: f64, x: f64) -> f64 {
    let u = ((x - a) / (b - a)).clamp(0.0, 1.0);
    u * u * (3.0 - 2.0 * u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ar1_has_the_stationary_spread_and_autocorrelation_it_was_given() {
        let mut rng = stream(7, 1);
        let mut ar = Ar1::new(2.0, 60.0, &mut rng);
        let xs: Vec<f64> = (0..200_000).map(|_| ar.step(10.0, &mut rng)).collect();
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / xs.len() as f64;
        let lag1 = xs.windows(2).map(|w| (w[0] - mean) * (w[1] - mean)).sum::<f64>() / (xs.len() - 1) as f64 / var;
        assert!(mean.abs() < 0.1, "{mean}");
        assert!((var.sqrt() - 2.0).abs() < 0.1, "{var}");
        assert!((lag1 - (-10.0f64 / 60.0).exp()).abs() < 0.02, "{lag1}");
    }

    #[test]
    fn hashing_is_deterministic_and_spread() {
        assert_eq!(hash_unit(1, 2, 3), hash_unit(1, 2, 3));
        let n = 10_000;
        let mean = (0..n).map(|i| hash_unit(9, 4, i)).sum::<f64>() / n as f64;
        assert!((mean - 0.5).abs() < 0.02);
    }
}
