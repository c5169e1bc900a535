//! Streaming scoring: EWMA state and the run rule, serialisable so monitoring survives a restart.

use super::{Channel, Deviation, NormalModel, ScoreError, Scratch, Smoothed, CHANNELS};
use serde::{Deserialize, Serialize};

/// Streaming state for one model: the EWMA of standardised samples, EWMAs of each variable's instant T² and SPE
/// parts, and the current run of samples above the limit. Feed it samples in time order with [`Monitor::update`].
///
/// If it is fed a model with another version or variable count (after a retrain), it restarts from that model's
/// normal state rather than mixing statistics of two models.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Monitor {
    model_version: u32,
    mean: Vec<f64>,
    energy_t2: Vec<f64>,
    energy_spe: Vec<f64>,
    run: u32,
    samples: u64,
    #[serde(skip)]
    scratch: Scratch,
}

impl Monitor {
    /// A monitor in the model's normal state (EWMA at the training mean, energies at their held-out means).
    pub fn new(model: &NormalModel) -> Monitor {
        let mut monitor = Monitor {
            model_version: model.version(),
            mean: Vec::new(),
            energy_t2: Vec::new(),
            energy_spe: Vec::new(),
            run: 0,
            samples: 0,
            scratch: Scratch::default(),
        };
        monitor.reset(model);
        monitor
    }

    /// Restarts from the model's normal state.
    pub fn reset(&mut self, model: &NormalModel) {
        let n = model.variables().len() as f64;
        let summary = model.training();
        self.model_version = model.version();
        self.mean = vec![0.0; model.variables().len()];
        // Spread the baselines evenly over variables; only their sums enter the statistics.
        self.energy_t2 = vec![summary.baseline_t2 / n; model.variables().len()];
        self.energy_spe = vec![summary.baseline_spe / n; model.variables().len()];
        self.run = 0;
        self.samples = 0;
        self.scratch = Scratch::for_model(model);
    }

    /// Model version this state belongs to.
    pub fn model_version(&self) -> u32 {
        self.model_version
    }

    /// Samples seen since the last reset.
    pub fn samples(&self) -> u64 {
        self.samples
    }

    /// Consecutive samples with score above 1.0 so far.
    pub fn run(&self) -> u32 {
        self.run
    }

    /// Scores the next sample. On error the state is unchanged (a bad reading is skipped, not averaged in).
    pub fn update(&mut self, model: &NormalModel, sample: &[f64]) -> Result<Deviation, ScoreError> {
        let mut out = Deviation {
            score: 0.0,
            driver: Channel::InstantT2,
            t2: 0.0,
            spe: 0.0,
            smoothed: None,
            contributions: Vec::new(),
            flagged: false,
        };
        self.update_into(model, sample, &mut out)?;
        Ok(out)
    }

    /// Like [`Monitor::update`], writing into `out` and reusing its contribution list: scoring a long history
    /// with one `Deviation` allocates nothing after the first sample. On error `out` and the state are unchanged.
    pub fn update_into(&mut self, model: &NormalModel, sample: &[f64], out: &mut Deviation) -> Result<(), ScoreError> {
        model.check(sample)?;
        let (stats, [mean_t2, energy_t2]) = self.raw_statistics(model, sample);
        let limits = model.limits().as_array();
        let (mut score, mut driver) = (f64::NEG_INFINITY, Channel::InstantT2);
        for c in Channel::ALL {
            let r = stats[c.index()] / limits[c.index()];
            if r > score {
                score = r;
                driver = c;
            }
        }
        self.run = if score > 1.0 { self.run.saturating_add(1) } else { 0 };
        let s = &self.scratch;
        let (c_t2, c_spe) = match driver {
            Channel::InstantT2 | Channel::InstantSpe => (&s.c_t2, &s.e2),
            Channel::MeanSpe => (&s.mc_t2, &s.me2),
            Channel::EnergySpe => (&self.energy_t2, &self.energy_spe),
        };
        model.contributions_into(c_t2, c_spe, &mut out.contributions);
        out.score = score;
        out.driver = driver;
        out.t2 = stats[0];
        out.spe = stats[1];
        out.smoothed = Some(Smoothed { mean_t2, mean_spe: stats[2], energy_t2, energy_spe: stats[3] });
        out.flagged = self.run >= model.config().run_length;
        Ok(())
    }

    /// Advances the state with a checked sample and returns the channel statistics (in [`Channel::ALL`] order)
    /// without applying limits, and the unlimited smoothed T² statistics (mean, energy). Used by
    /// [`Monitor::update`] and by calibration.
    pub(crate) fn raw_statistics(&mut self, model: &NormalModel, sample: &[f64]) -> ([f64; CHANNELS], [f64; 2]) {
        let n = model.variables().len();
        if self.model_version != model.version()
            || self.mean.len() != n
            || self.energy_t2.len() != n
            || self.energy_spe.len() != n
        {
            self.reset(model);
        }
        if self.scratch.x.len() != self.mean.len() || self.scratch.t.len() != model.components() {
            // Deserialised state has no scratch buffers yet.
            self.scratch = Scratch::for_model(model);
        }
        let lambda = model.config().ewma_lambda;
        let (t2, spe) = model.instant_into(sample, &mut self.scratch);
        let Scratch { x, t, c_t2, e2, mc_t2, me2 } = &mut self.scratch;
        for (z, &xj) in self.mean.iter_mut().zip(x.iter()) {
            *z += lambda * (xj - *z);
        }
        let (mean_t2, mean_spe) = model.project(&self.mean, t, mc_t2, me2);
        let (mut energy_t2, mut energy_spe) = (0.0, 0.0);
        for j in 0..self.mean.len() {
            self.energy_t2[j] += lambda * (c_t2[j] - self.energy_t2[j]);
            self.energy_spe[j] += lambda * (e2[j] - self.energy_spe[j]);
            energy_t2 += self.energy_t2[j];
            energy_spe += self.energy_spe[j];
        }
        self.samples += 1;
        ([t2, spe, mean_spe, energy_spe], [mean_t2, energy_t2])
    }
}
