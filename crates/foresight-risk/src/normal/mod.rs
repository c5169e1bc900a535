//! The learned model of a site's normal behaviour: PCA on standardised process variables, Hotelling T² and SPE
//! with control limits learned from the site's own history, plus smoothed (EWMA) channels and a run rule so slow
//! drifts, steps, variance changes and broken correlations are flagged before any single value reaches its alarm limit.
//!
//! Design (details and measured rates in docs/RISK.md, "Learned normal behaviour"):
//! - Training history is split in time: the first half (by default) fits means, standard deviations and the
//!   principal components; the later, contiguous half is held out and only used to set control limits. Limits need
//!   the longer record: a correlation matrix settles in a few hundred samples, a 99.9 % tail of autocorrelated
//!   statistics does not (with a 30 % hold-out the synthetic plant raised 13–55 % more false alarms).
//! - Limits are empirical quantiles of the held-out statistics, not theoretical F / Jackson–Mudholkar limits: those
//!   assume independent, normally distributed samples, and real process data are autocorrelated (daily cycles, slow
//!   load changes), which makes theoretical limits, and above all EWMA limits, far too tight.
//! - Four channels are monitored: instant T² and SPE, the SPE of an EWMA of the standardised vector ("mean", for
//!   small persistent breaks such as ramps and steps) and the EWMA of the instant SPE ("energy", for variance
//!   increases). All four share one false-alarm budget: each is normalised by its own held-out quantile, then one
//!   common factor makes the held-out quantile of the largest ratio equal 1.
//! - A daily cycle is not removed by a phase profile: variables that follow the cycle together are learned as a
//!   principal direction, and its amplitude is part of the held-out limits. That keeps scoring free of clock input.

mod error;
mod monitor;

pub use error::{ScoreError, TrainError};
pub use monitor::Monitor;

use nalgebra::{DMatrix, SymmetricEigen};
use serde::{Deserialize, Serialize};

/// Number of monitored channels (see [`Channel`]).
pub const CHANNELS: usize = 4;

/// Schema version of the serialised model; bumped when the JSON layout changes incompatibly.
pub const FORMAT_VERSION: u32 = 1;

/// Smallest number of training samples whatever the number of variables.
pub const MIN_SAMPLES: usize = 200;

/// Training samples needed per variable (so `max(MIN_SAMPLES, SAMPLES_PER_VARIABLE * variables)`).
pub const SAMPLES_PER_VARIABLE: usize = 20;

/// How a model is learned. `Default` gives the values documented on each field.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NormalConfig {
    /// Model version recorded in the model (the store assigns the next number on each retrain).
    pub version: u32,
    /// Share of standardised variance the kept principal components must explain (default 0.9).
    pub variance_share: f64,
    /// Share of the history (its most recent part) held out to set control limits (default 0.5).
    pub holdout_share: f64,
    /// A component beyond the variance share is still kept while its eigenvalue exceeds this multiple of the mean
    /// of the smaller ones (default 2.0; 0 keeps exactly the variance share).
    pub noise_ratio: f64,
    /// Quantile of the held-out combined score that becomes the control limit (default 0.999).
    pub limit_quantile: f64,
    /// EWMA weight of the newest sample in the smoothed channels (default 0.05; smaller catches slower drifts).
    pub ewma_lambda: f64,
    /// Consecutive samples above the limit before a monitor flags (default 3).
    pub run_length: u32,
}

impl Default for NormalConfig {
    fn default() -> Self {
        NormalConfig {
            version: 1,
            variance_share: 0.9,
            noise_ratio: 2.0,
            holdout_share: 0.5,
            limit_quantile: 0.999,
            ewma_lambda: 0.05,
            run_length: 3,
        }
    }
}

impl NormalConfig {
    fn validate(&self) -> Result<(), TrainError> {
        let in_range = |v: f64, lo: f64, hi: f64| v.is_finite() && v > lo && v <= hi;
        if !in_range(self.variance_share, 0.0, 1.0) {
            return Err(TrainError::InvalidConfig { field: "variance_share" });
        }
        if !(self.noise_ratio.is_finite() && self.noise_ratio >= 0.0) {
            return Err(TrainError::InvalidConfig { field: "noise_ratio" });
        }
        if !in_range(self.holdout_share, 0.05, 0.9) {
            return Err(TrainError::InvalidConfig { field: "holdout_share" });
        }
        if !in_range(self.limit_quantile, 0.5, 1.0) {
            return Err(TrainError::InvalidConfig { field: "limit_quantile" });
        }
        if !in_range(self.ewma_lambda, 0.0, 1.0) {
            return Err(TrainError::InvalidConfig { field: "ewma_lambda" });
        }
        if self.run_length == 0 || self.run_length > 1000 {
            return Err(TrainError::InvalidConfig { field: "run_length" });
        }
        Ok(())
    }
}

/// The statistic a score comes from.
///
/// There are deliberately no smoothed T² channels (the T² of the EWMA vector, the EWMA of the instant T²): along
/// the learned structure the process moves slowly by design (load, feed quality, the daily cycle), so a smoothed T²
/// measures where the plant operates, not a fault, and its tail cannot be estimated from a few days of held-out
/// history (in the synthetic-plant test they caused about three quarters of the false alarms while detecting
/// nothing the other channels missed). Both are still computed and reported in [`Smoothed`]; large moves along the structure
/// are caught by the instant T².
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Hotelling T² of the sample: unusual values along the learned correlation structure.
    InstantT2,
    /// SPE (Q residual) of the sample: a break of the learned correlation structure.
    InstantSpe,
    /// SPE of the EWMA of standardised samples: a small persistent break of the structure (ramps, steps).
    MeanSpe,
    /// EWMA of the instant SPE: variability grown outside the structure (noisy or oscillating variable).
    EnergySpe,
}

impl Channel {
    /// All channels, in the order of [`Limits::get`].
    pub const ALL: [Channel; CHANNELS] =
        [Channel::InstantT2, Channel::InstantSpe, Channel::MeanSpe, Channel::EnergySpe];

    fn index(self) -> usize {
        self as usize
    }
}

/// Control limits: the value of each channel's statistic at which its score is exactly 1.0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Limits {
    pub t2: f64,
    pub spe: f64,
    pub mean_spe: f64,
    pub energy_spe: f64,
}

impl Limits {
    /// The limit of one channel.
    pub fn get(&self, channel: Channel) -> f64 {
        self.as_array()[channel.index()]
    }

    fn as_array(&self) -> [f64; CHANNELS] {
        [self.t2, self.spe, self.mean_spe, self.energy_spe]
    }

    fn from_array(a: [f64; CHANNELS]) -> Limits {
        Limits { t2: a[0], spe: a[1], mean_spe: a[2], energy_spe: a[3] }
    }
}

/// What training saw and produced, kept with the model version for the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingSummary {
    /// Rows given.
    pub samples: usize,
    /// Rows used to fit means, deviations and components (the older part).
    pub fit_samples: usize,
    /// Rows held out to set limits (the newer part).
    pub holdout_samples: usize,
    /// Number of variables.
    pub variables: usize,
    /// Principal components kept.
    pub components: usize,
    /// Share of standardised variance the kept components explain.
    pub explained_variance: f64,
    /// All eigenvalues of the correlation matrix, largest first (a scree plot for the UI).
    pub eigenvalues: Vec<f64>,
    /// Mean instant T² and SPE over the held-out part: where the energy channels start.
    pub baseline_t2: f64,
    pub baseline_spe: f64,
    /// Share of held-out samples a [`Monitor`] would flag with these limits and the run rule.
    pub holdout_flag_rate: f64,
}

/// Per-variable share of the driving channel's statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    pub variable: String,
    /// Part of the T² statistic (can be negative; the parts sum to the T² they decompose).
    pub t2: f64,
    /// Part of the SPE statistic (never negative; the parts sum to the SPE they decompose).
    pub spe: f64,
}

/// Smoothed statistics, present when a sample is scored by a [`Monitor`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Smoothed {
    /// T² of the EWMA vector: reported (and decomposed) for context, not limited (see [`Channel`]).
    pub mean_t2: f64,
    pub mean_spe: f64,
    /// EWMA of the instant T²: reported (and decomposed) for context, not limited (see [`Channel`]).
    pub energy_t2: f64,
    pub energy_spe: f64,
}

/// How far one sample (and, in a monitor, the recent past) departs from learned normal behaviour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deviation {
    /// Largest statistic/limit ratio over the channels evaluated: 1.0 is at the control limit.
    pub score: f64,
    /// The channel that gave `score`.
    pub driver: Channel,
    /// Instant Hotelling T² of the sample.
    pub t2: f64,
    /// Instant SPE (Q residual) of the sample.
    pub spe: f64,
    /// Smoothed statistics (only from a [`Monitor`]).
    pub smoothed: Option<Smoothed>,
    /// Per-variable contributions to the statistics of the driver's family, in model variable order: they sum to
    /// (`t2`, `spe`) for instant drivers, (`mean_t2`, `mean_spe`) for mean drivers and (`energy_t2`,
    /// `energy_spe`) for energy drivers (see [`Deviation::decomposed`]).
    pub contributions: Vec<Contribution>,
    /// Stateless scoring: `score > 1`. Monitor: `score > 1` for `run_length` consecutive samples.
    pub flagged: bool,
}

impl Deviation {
    /// The (T², SPE) pair that `contributions` decompose.
    pub fn decomposed(&self) -> (f64, f64) {
        match (self.driver, self.smoothed) {
            (Channel::MeanSpe, Some(s)) => (s.mean_t2, s.mean_spe),
            (Channel::EnergySpe, Some(s)) => (s.energy_t2, s.energy_spe),
            _ => (self.t2, self.spe),
        }
    }

    /// Variables ranked by how much they push the score, largest first: each variable's T² and SPE parts weighted
    /// by the matching limits of the driver's family.
    pub fn top_contributors(&self, model: &NormalModel, n: usize) -> Vec<(&str, f64)> {
        let (lt2, lspe) = match self.driver {
            Channel::InstantT2 | Channel::InstantSpe => (model.limits.t2, model.limits.spe),
            // Smoothed T² statistics have no limit (see `Channel`); weight their parts like the instant T².
            Channel::MeanSpe => (model.limits.t2, model.limits.mean_spe),
            Channel::EnergySpe => (model.limits.t2, model.limits.energy_spe),
        };
        let mut ranked: Vec<(&str, f64)> =
            self.contributions.iter().map(|c| (c.variable.as_str(), c.t2 / lt2 + c.spe / lspe)).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        ranked.truncate(n);
        ranked
    }
}

/// A learned model of normal behaviour for a fixed, ordered set of variables. Serialise it with serde to keep
/// each version. The fields are private and deserialising checks their consistency (lengths, finite values,
/// positive scales and limits), so a stored model that was edited or truncated fails to load instead of
/// panicking or scoring nonsense.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ModelData")]
pub struct NormalModel {
    format: u32,
    version: u32,
    variables: Vec<String>,
    mean: Vec<f64>,
    std_dev: Vec<f64>,
    /// Kept eigenvectors, row-major `variables x components`: flat so scoring walks memory in order.
    loadings: Vec<f64>,
    /// Kept eigenvalues (variances of the scores), largest first.
    eigenvalues: Vec<f64>,
    config: NormalConfig,
    limits: Limits,
    training: TrainingSummary,
}

/// The serialised form of [`NormalModel`], checked by `TryFrom` before it becomes a model.
#[derive(Deserialize)]
struct ModelData {
    format: u32,
    version: u32,
    variables: Vec<String>,
    mean: Vec<f64>,
    std_dev: Vec<f64>,
    loadings: Vec<f64>,
    eigenvalues: Vec<f64>,
    config: NormalConfig,
    limits: Limits,
    training: TrainingSummary,
}

impl TryFrom<ModelData> for NormalModel {
    type Error = String;

    fn try_from(d: ModelData) -> Result<NormalModel, String> {
        let n = d.variables.len();
        let k = d.eigenvalues.len();
        let positive = |v: &f64| v.is_finite() && *v > 0.0;
        if d.format != FORMAT_VERSION {
            return Err(format!("unsupported normal model format {}", d.format));
        }
        if n < 2 || k == 0 || k >= n {
            return Err(format!("inconsistent normal model: {n} variables, {k} components"));
        }
        if d.mean.len() != n || d.std_dev.len() != n || d.loadings.len() != n * k {
            return Err("inconsistent normal model: vector lengths do not match the variables".into());
        }
        let limits = d.limits.as_array();
        let finite = d.mean.iter().chain(&d.loadings).all(|v| v.is_finite())
            && d.training.baseline_t2.is_finite()
            && d.training.baseline_spe.is_finite();
        if !finite || !d.std_dev.iter().chain(&d.eigenvalues).chain(&limits).all(positive) {
            return Err("inconsistent normal model: non-finite or non-positive values".into());
        }
        d.config.validate().map_err(|e| format!("inconsistent normal model: {e}"))?;
        Ok(NormalModel {
            format: d.format,
            version: d.version,
            variables: d.variables,
            mean: d.mean,
            std_dev: d.std_dev,
            loadings: d.loadings,
            eigenvalues: d.eigenvalues,
            config: d.config,
            limits: d.limits,
            training: d.training,
        })
    }
}

/// Work buffers for one evaluation, reused by a monitor so scoring does not allocate.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scratch {
    pub x: Vec<f64>,
    pub t: Vec<f64>,
    pub c_t2: Vec<f64>,
    pub e2: Vec<f64>,
    pub mc_t2: Vec<f64>,
    pub me2: Vec<f64>,
}

/// Scratch contents are not state: two monitors with equal state are equal whatever their buffers hold.
impl PartialEq for Scratch {
    fn eq(&self, _: &Scratch) -> bool {
        true
    }
}

impl Scratch {
    pub(crate) fn for_model(model: &NormalModel) -> Scratch {
        let n = model.variables.len();
        Scratch {
            x: vec![0.0; n],
            t: vec![0.0; model.components()],
            c_t2: vec![0.0; n],
            e2: vec![0.0; n],
            mc_t2: vec![0.0; n],
            me2: vec![0.0; n],
        }
    }
}

impl NormalModel {
    /// Learns normal behaviour from `samples` (rows are time steps in time order, columns follow `names`).
    ///
    /// A variable that does not vary in the fitting part is an error ([`TrainError::ConstantVariable`]) rather
    /// than silently dropped: a dropped variable would go unmonitored without anyone choosing that.
    pub fn train<S: AsRef<str>>(
        samples: &[Vec<f64>],
        names: &[S],
        config: NormalConfig,
    ) -> Result<NormalModel, TrainError> {
        config.validate()?;
        let n = names.len();
        if n < 2 {
            return Err(TrainError::TooFewVariables { got: n, need: 2 });
        }
        let variables: Vec<String> = names.iter().map(|s| s.as_ref().to_string()).collect();
        for (index, name) in variables.iter().enumerate() {
            if name.trim().is_empty() {
                return Err(TrainError::EmptyVariableName { index });
            }
            if variables[..index].contains(name) {
                return Err(TrainError::DuplicateVariable { variable: name.clone() });
            }
        }
        for (row, values) in samples.iter().enumerate() {
            if values.len() != n {
                return Err(TrainError::ColumnCount { row, expected: n, got: values.len() });
            }
            if let Some(col) = values.iter().position(|v| !v.is_finite()) {
                return Err(TrainError::NonFinite { row, variable: variables[col].clone() });
            }
        }
        let need = MIN_SAMPLES.max(SAMPLES_PER_VARIABLE * n);
        if samples.len() < need {
            return Err(TrainError::TooFewSamples { got: samples.len(), need });
        }
        let holdout = ((samples.len() as f64) * config.holdout_share).floor() as usize;
        let fit = &samples[..samples.len() - holdout];

        // Mean and (sample) standard deviation on the fitting part only, so held-out limits are honest.
        let m = fit.len() as f64;
        let mut mean = vec![0.0; n];
        for row in fit {
            for (acc, v) in mean.iter_mut().zip(row) {
                *acc += v;
            }
        }
        mean.iter_mut().for_each(|v| *v /= m);
        let mut var = vec![0.0; n];
        for row in fit {
            for j in 0..n {
                let d = row[j] - mean[j];
                var[j] += d * d;
            }
        }
        let std_dev: Vec<f64> = var.iter().map(|v| (v / (m - 1.0)).sqrt()).collect();
        for j in 0..n {
            // Values are finite here, so the deviation is a number; "tiny relative to the level" means constant.
            if std_dev[j] <= 1e-9 * mean[j].abs().max(1.0) {
                return Err(TrainError::ConstantVariable { variable: variables[j].clone() });
            }
        }

        // Correlation matrix of the fitting part, accumulated row by row (no n_samples x n matrix kept).
        let mut corr = DMatrix::<f64>::zeros(n, n);
        let mut x = vec![0.0; n];
        for row in fit {
            for j in 0..n {
                x[j] = (row[j] - mean[j]) / std_dev[j];
            }
            for a in 0..n {
                for b in a..n {
                    corr[(a, b)] += x[a] * x[b];
                }
            }
        }
        for a in 0..n {
            for b in a..n {
                let v = corr[(a, b)] / (m - 1.0);
                corr[(a, b)] = v;
                corr[(b, a)] = v;
            }
        }
        let eig = SymmetricEigen::new(corr);
        let mut order: Vec<usize> = (0..n).collect();
        // Ties broken by index so training is deterministic.
        order.sort_by(|&a, &b| eig.eigenvalues[b].total_cmp(&eig.eigenvalues[a]).then(a.cmp(&b)));
        let all_eigen: Vec<f64> = order.iter().map(|&i| eig.eigenvalues[i].max(0.0)).collect();
        let total: f64 = all_eigen.iter().sum();
        let k = kept_components(&all_eigen, config.variance_share, config.noise_ratio);
        let explained: f64 = all_eigen[..k].iter().sum();
        let mut loadings = vec![0.0; n * k];
        for (a, &col) in order[..k].iter().enumerate() {
            let v = eig.eigenvectors.column(col);
            // Eigenvector signs are arbitrary; fix them (largest entry positive) so stored models are comparable.
            let pivot = (0..n).max_by(|&i, &j| v[i].abs().total_cmp(&v[j].abs()).then(j.cmp(&i))).unwrap_or(0);
            let sign = if v[pivot] < 0.0 { -1.0 } else { 1.0 };
            for j in 0..n {
                loadings[j * k + a] = sign * v[j];
            }
        }
        let eigenvalues = all_eigen[..k].to_vec();

        let mut model = NormalModel {
            format: FORMAT_VERSION,
            version: config.version,
            variables,
            mean,
            std_dev,
            loadings,
            eigenvalues,
            config,
            limits: Limits::from_array([1.0; CHANNELS]),
            training: TrainingSummary {
                samples: samples.len(),
                fit_samples: fit.len(),
                holdout_samples: holdout,
                variables: n,
                components: k,
                explained_variance: if total > 0.0 { explained / total } else { 0.0 },
                eigenvalues: all_eigen,
                baseline_t2: 0.0,
                baseline_spe: 0.0,
                holdout_flag_rate: 0.0,
            },
        };
        model.calibrate(samples, fit.len());
        Ok(model)
    }

    /// Sets the limits from the held-out rows `samples[start..]`. The EWMAs run over the whole history so the
    /// held-out part sees them in the same warmed-up state as in operation.
    fn calibrate(&mut self, samples: &[Vec<f64>], start: usize) {
        // Energy EWMAs start at the mean instant statistics; first estimate them on the held-out part.
        let mut scratch = Scratch::for_model(self);
        let held = &samples[start..];
        let (mut sum_t2, mut sum_spe) = (0.0, 0.0);
        for row in held {
            let (t2, spe) = self.instant_into(row, &mut scratch);
            sum_t2 += t2;
            sum_spe += spe;
        }
        self.training.baseline_t2 = sum_t2 / held.len() as f64;
        self.training.baseline_spe = sum_spe / held.len() as f64;

        let mut monitor = Monitor::new(self);
        let mut stats: Vec<[f64; CHANNELS]> = Vec::with_capacity(held.len());
        for (i, row) in samples.iter().enumerate() {
            let (s, _) = monitor.raw_statistics(self, row);
            if i >= start {
                stats.push(s);
            }
        }
        let q = self.config.limit_quantile;
        let mut per_channel = [0.0; CHANNELS];
        let mut column = Vec::with_capacity(stats.len());
        for (c, limit) in per_channel.iter_mut().enumerate() {
            column.clear();
            column.extend(stats.iter().map(|s| s[c]));
            // Floor in standardised units: exact copies give a residual of rounding noise only, and a limit on
            // rounding noise would flag the next rounding difference.
            *limit = quantile(&mut column, q).max(1e-9);
        }
        // One false-alarm budget for all channels: the q-quantile of the largest normalised statistic is 1.
        column.clear();
        column.extend(stats.iter().map(|s| (0..CHANNELS).map(|c| s[c] / per_channel[c]).fold(0.0, f64::max)));
        let common = quantile(&mut column, q).max(1.0);
        self.limits = Limits::from_array(per_channel.map(|l| l * common));

        let limits = self.limits.as_array();
        let mut run = 0u32;
        let mut flagged = 0usize;
        for s in &stats {
            let score = (0..CHANNELS).map(|c| s[c] / limits[c]).fold(0.0, f64::max);
            run = if score > 1.0 { run + 1 } else { 0 };
            if run >= self.config.run_length {
                flagged += 1;
            }
        }
        self.training.holdout_flag_rate = flagged as f64 / stats.len() as f64;
    }

    /// Scores one sample on its own (instant T² and SPE only; no smoothing, no run rule).
    /// Values follow [`NormalModel::variables`] order; use [`NormalModel::sample_from_named`] for named values.
    pub fn score(&self, sample: &[f64]) -> Result<Deviation, ScoreError> {
        self.check(sample)?;
        let mut scratch = Scratch::for_model(self);
        let (t2, spe) = self.instant_into(sample, &mut scratch);
        let r_t2 = t2 / self.limits.t2;
        let r_spe = spe / self.limits.spe;
        let (score, driver) = if r_spe >= r_t2 { (r_spe, Channel::InstantSpe) } else { (r_t2, Channel::InstantT2) };
        Ok(Deviation {
            score,
            driver,
            t2,
            spe,
            smoothed: None,
            contributions: self.contributions(&scratch.c_t2, &scratch.e2),
            flagged: score > 1.0,
        })
    }

    /// Orders named values into a sample for this model; every model variable must be present exactly once.
    pub fn sample_from_named<S: AsRef<str>>(&self, values: &[(S, f64)]) -> Result<Vec<f64>, ScoreError> {
        let mut sample = vec![f64::NAN; self.variables.len()];
        let mut seen = vec![false; self.variables.len()];
        for (name, value) in values {
            let name = name.as_ref();
            let Some(j) = self.variables.iter().position(|v| v == name) else {
                return Err(ScoreError::UnknownVariable { variable: name.to_string() });
            };
            sample[j] = *value;
            seen[j] = true;
        }
        if let Some(j) = seen.iter().position(|s| !s) {
            return Err(ScoreError::MissingVariable { variable: self.variables[j].clone() });
        }
        Ok(sample)
    }

    /// Model version (assigned by the caller through [`NormalConfig::version`]).
    pub fn version(&self) -> u32 {
        self.version
    }

    /// Serialised layout version ([`FORMAT_VERSION`] when trained by this code).
    pub fn format(&self) -> u32 {
        self.format
    }

    /// Variable names, in sample order.
    pub fn variables(&self) -> &[String] {
        &self.variables
    }

    /// Number of principal components kept.
    pub fn components(&self) -> usize {
        self.eigenvalues.len()
    }

    /// Control limits.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Training metadata.
    pub fn training(&self) -> &TrainingSummary {
        &self.training
    }

    /// Configuration the model was trained with.
    pub fn config(&self) -> &NormalConfig {
        &self.config
    }

    /// Training means and standard deviations per variable (for charts of "normal band").
    pub fn centre_and_scale(&self) -> (&[f64], &[f64]) {
        (&self.mean, &self.std_dev)
    }

    pub(crate) fn check(&self, sample: &[f64]) -> Result<(), ScoreError> {
        if sample.len() != self.variables.len() {
            return Err(ScoreError::ColumnCount { expected: self.variables.len(), got: sample.len() });
        }
        if let Some(j) = sample.iter().position(|v| !v.is_finite()) {
            return Err(ScoreError::NonFinite { variable: self.variables[j].clone() });
        }
        Ok(())
    }

    /// Standardises `sample` into `scratch.x` and evaluates it into `scratch.{t, c_t2, e2}`; returns (T², SPE).
    pub(crate) fn instant_into(&self, sample: &[f64], scratch: &mut Scratch) -> (f64, f64) {
        for (((x, &v), &mean), &sd) in scratch.x.iter_mut().zip(sample).zip(&self.mean).zip(&self.std_dev) {
            *x = (v - mean) / sd;
        }
        let Scratch { x, t, c_t2, e2, .. } = scratch;
        self.project(x, t, c_t2, e2)
    }

    /// T² and SPE of a standardised vector `x`, with per-variable parts: `c_t2[j] = x_j (P Λ⁻¹ Pᵀ x)_j` sums to
    /// T², `e2[j] = (x - P Pᵀ x)_j²` sums to SPE. `t` receives the scores `Pᵀ x`.
    pub(crate) fn project(&self, x: &[f64], t: &mut [f64], c_t2: &mut [f64], e2: &mut [f64]) -> (f64, f64) {
        let k = self.eigenvalues.len();
        t.iter_mut().for_each(|v| *v = 0.0);
        for (j, &xj) in x.iter().enumerate() {
            let row = &self.loadings[j * k..(j + 1) * k];
            for (ta, &p) in t.iter_mut().zip(row) {
                *ta += p * xj;
            }
        }
        let mut t2 = 0.0;
        for (ta, &l) in t.iter().zip(&self.eigenvalues) {
            t2 += ta * ta / l;
        }
        let mut spe = 0.0;
        for (j, &xj) in x.iter().enumerate() {
            let row = &self.loadings[j * k..(j + 1) * k];
            let (mut recon, mut w) = (0.0, 0.0);
            for ((&p, &ta), &l) in row.iter().zip(t.iter()).zip(&self.eigenvalues) {
                recon += p * ta;
                w += p * ta / l;
            }
            c_t2[j] = xj * w;
            let e = xj - recon;
            e2[j] = e * e;
            spe += e2[j];
        }
        (t2, spe)
    }

    pub(crate) fn contributions(&self, c_t2: &[f64], e2: &[f64]) -> Vec<Contribution> {
        let mut out = Vec::with_capacity(self.variables.len());
        self.contributions_into(c_t2, e2, &mut out);
        out
    }

    /// Writes per-variable parts into `out`, keeping its names (no allocation) when it already lists this model's
    /// variables in order.
    pub(crate) fn contributions_into(&self, c_t2: &[f64], e2: &[f64], out: &mut Vec<Contribution>) {
        let same = out.len() == self.variables.len() && out.iter().zip(&self.variables).all(|(c, v)| &c.variable == v);
        if !same {
            out.clear();
            out.extend(self.variables.iter().map(|v| Contribution { variable: v.clone(), t2: 0.0, spe: 0.0 }));
        }
        for (c, (&t2, &spe)) in out.iter_mut().zip(c_t2.iter().zip(e2)) {
            c.t2 = t2;
            c.spe = spe;
        }
    }
}

/// How many components to keep, from eigenvalues sorted largest first. At least one; at most `n - 1`, so the
/// residual (SPE) space is never empty. Components are added while the variance share is not reached, or while the
/// next eigenvalue is over `noise_ratio` times the mean of the ones after it: such a direction is structure, not
/// noise, and leaving it in the residual would inflate the SPE limits and blind SPE to small breaks. Directions
/// without variance (exact copies of a variable) are never kept: their divergence must show in SPE.
fn kept_components(eigen: &[f64], share: f64, noise_ratio: f64) -> usize {
    let n = eigen.len();
    let total: f64 = eigen.iter().sum();
    let mut k = 1;
    let mut explained = eigen[0];
    while k < n - 1 && eigen[k] > 1e-9 * total {
        let rest = &eigen[k + 1..];
        let rest_mean = rest.iter().sum::<f64>() / rest.len() as f64;
        let structure = noise_ratio > 0.0 && eigen[k] > noise_ratio * rest_mean;
        if explained >= share * total && !structure {
            break;
        }
        explained += eigen[k];
        k += 1;
    }
    k
}

/// Linear-interpolated quantile (sorts `values` in place).
fn quantile(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let pos = q * (values.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    values[lo] + (values[hi] - values[lo]) * (pos - lo as f64)
}
