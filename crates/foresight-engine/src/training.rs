//! Training a site's learned-normal model from its recorded history: minute averages of the chosen
//! variables (`<device code>.<property>`), short gaps filled forward, then `NormalModel::train`.

use chrono::{DateTime, Utc};
use foresight_risk::normal::{NormalConfig, NormalModel, TrainError};
use sqlx::PgConnection;
use std::collections::HashMap;
use uuid::Uuid;

/// Longest gap (minutes) filled forward; a longer silence drops the minutes until the series resumes.
pub const MAX_GAP_MINUTES: usize = 5;
/// Longest training window.
pub const MAX_WINDOW_DAYS: i64 = 90;

/// Why a model could not be trained from the data (a 422 for the caller, never a server error).
#[derive(Debug, Clone, PartialEq)]
pub enum TrainProblem {
    /// `variables[i]` names no device of the site, or its device has no such property recorded.
    UnknownVariable { index: usize, variable: String },
    /// The history gives too few complete minutes.
    NotEnoughData { got: usize, need: usize },
    /// The model refused the data (constant variable, ...).
    Train(TrainError),
}

impl TrainProblem {
    /// A stable code for the problem (what the API and the schedule record show).
    pub fn code(&self) -> &'static str {
        match self {
            TrainProblem::UnknownVariable { .. } => "unknown_variable",
            TrainProblem::NotEnoughData { .. } | TrainProblem::Train(TrainError::TooFewSamples { .. }) => {
                "not_enough_data"
            }
            TrainProblem::Train(TrainError::ConstantVariable { .. }) => "constant_variable",
            TrainProblem::Train(e) => e.code(),
        }
    }
}

/// Loads the history and trains. `version` is the stored version number the model records.
pub async fn train_from_history(
    conn: &mut PgConnection,
    site_id: Uuid,
    variables: &[String],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    version: u32,
) -> Result<Result<NormalModel, TrainProblem>, sqlx::Error> {
    let samples = match load_samples(conn, site_id, variables, from, to).await? {
        Ok(samples) => samples,
        Err(problem) => return Ok(Err(problem)),
    };
    let need = min_samples(variables.len());
    if samples.len() < need {
        return Ok(Err(TrainProblem::NotEnoughData { got: samples.len(), need }));
    }
    let config = NormalConfig { version, ..NormalConfig::default() };
    Ok(NormalModel::train(&samples, variables, config).map_err(TrainProblem::Train))
}

/// Fewest complete minutes a model of `variables` variables is trained from.
pub fn min_samples(variables: usize) -> usize {
    (20 * variables).max(200)
}

/// Each variable's series id, or which variable names nothing of the site.
pub async fn resolve_variables(
    conn: &mut PgConnection,
    site_id: Uuid,
    variables: &[String],
) -> Result<Result<Vec<i64>, TrainProblem>, sqlx::Error> {
    let mut series_ids = Vec::with_capacity(variables.len());
    for (index, variable) in variables.iter().enumerate() {
        let Some((code, property)) = variable.rsplit_once('.') else {
            return Ok(Err(TrainProblem::UnknownVariable { index, variable: variable.clone() }));
        };
        let id: Option<i64> = sqlx::query_scalar(
            "SELECT s.series_id FROM series s JOIN device d ON d.tenant_id = s.tenant_id AND d.device_id = s.device_id \
             WHERE d.site_id = $1 AND d.code = $2 AND s.property = $3",
        )
        .bind(site_id)
        .bind(code)
        .bind(property)
        .fetch_optional(&mut *conn)
        .await?;
        match id {
            Some(id) => series_ids.push(id),
            None => return Ok(Err(TrainProblem::UnknownVariable { index, variable: variable.clone() })),
        }
    }
    Ok(Ok(series_ids))
}

/// The complete minute samples (minute averages, short gaps filled) of the variables over [from, to), oldest
/// first.
pub async fn load_samples(
    conn: &mut PgConnection,
    site_id: Uuid,
    variables: &[String],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Result<Vec<Vec<f64>>, TrainProblem>, sqlx::Error> {
    let series_ids = match resolve_variables(conn, site_id, variables).await? {
        Ok(ids) => ids,
        Err(problem) => return Ok(Err(problem)),
    };
    let buckets: Vec<(i64, i64, f64)> = sqlx::query_as(
        "SELECT series_id, floor(extract(epoch FROM ts) / 60)::int8, avg(value)::float8 FROM reading \
         WHERE series_id = ANY($1) AND ts >= $2 AND ts < $3 AND value IS NOT NULL GROUP BY 1, 2",
    )
    .bind(&series_ids)
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    let column: HashMap<i64, usize> = series_ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let (first, last) = (from.timestamp().div_euclid(60), (to.timestamp() - 1).div_euclid(60));
    let minutes = (last - first + 1).max(0) as usize;
    let mut grid = vec![vec![None; variables.len()]; minutes];
    for (series, minute, value) in buckets {
        if let (Some(&c), Some(row)) = (column.get(&series), grid.get_mut((minute - first) as usize)) {
            row[c] = Some(value);
        }
    }
    Ok(Ok(complete_rows(&grid, MAX_GAP_MINUTES)))
}

/// Rows with every column known after filling gaps of at most `max_gap` rows forward, in order.
pub fn complete_rows(grid: &[Vec<Option<f64>>], max_gap: usize) -> Vec<Vec<f64>> {
    let columns = grid.first().map_or(0, Vec::len);
    let mut last: Vec<Option<(f64, usize)>> = vec![None; columns];
    let mut out = Vec::new();
    for (i, row) in grid.iter().enumerate() {
        let mut complete = Vec::with_capacity(columns);
        for (c, v) in row.iter().enumerate() {
            if let Some(v) = v {
                last[c] = Some((*v, i));
            }
            match last[c] {
                Some((v, at)) if i - at <= max_gap => complete.push(v),
                _ => break,
            }
        }
        if complete.len() == columns {
            out.push(complete);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_short_gaps_only() {
        let grid = vec![
            vec![Some(1.0), None],
            vec![Some(2.0), Some(5.0)],
            vec![None, None],
            vec![None, Some(6.0)],
            vec![None, Some(7.0)],
        ];
        assert_eq!(complete_rows(&grid, 1), vec![vec![2.0, 5.0], vec![2.0, 5.0]]);
        assert_eq!(complete_rows(&grid, 3).len(), 4);
    }
}
