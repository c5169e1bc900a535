//! `foresight-sim`: runs the demo plant simulator and prints its batches as JSON lines (one batch per
//! line; the batch's `gateway` gives the MQTT topic `foresight/<tenant>/<gateway>/telemetry`), or the
//! plant's device list, or the incidents' ground truth. Faster than real time: it prints the whole
//! requested span at once.
//!
//! ```text
//! foresight-sim [--seed N] [--start MS] [--hours H] [--step-seconds S] [--tenant SLUG] [--no-incidents]
//! foresight-sim --devices
//! foresight-sim --ground-truth [--start MS] [--hours H]
//! ```

use foresight_sim::{PlantSpec, ScenarioPlan, Simulator};
use std::io::Write;
use std::process::ExitCode;

struct Args {
    seed: u64,
    start_ms: i64,
    hours: f64,
    step_s: f64,
    tenant: Option<String>,
    incidents: bool,
    devices: bool,
    ground_truth: bool,
}

fn parse() -> Result<Args, String> {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_err(|e| e.to_string())?.as_millis()
        as i64;
    let mut args = Args {
        seed: 1,
        start_ms: now / 1000 * 1000,
        hours: 1.0,
        step_s: 5.0,
        tenant: None,
        incidents: true,
        devices: false,
        ground_truth: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--seed" => args.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--start" => args.start_ms = value()?.parse().map_err(|e| format!("--start (ms since the epoch): {e}"))?,
            "--hours" => args.hours = value()?.parse().map_err(|e| format!("--hours: {e}"))?,
            "--step-seconds" => args.step_s = value()?.parse().map_err(|e| format!("--step-seconds: {e}"))?,
            "--tenant" => args.tenant = Some(value()?),
            "--no-incidents" => args.incidents = false,
            "--devices" => args.devices = true,
            "--ground-truth" => args.ground_truth = true,
            "-h" | "--help" => {
                return Err("usage: foresight-sim [--seed N] [--start MS] [--hours H] [--step-seconds S] \
                            [--tenant SLUG] [--no-incidents] | --devices | --ground-truth"
                    .into())
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if !(args.step_s > 0.0 && args.hours >= 0.0) {
        return Err("--step-seconds must be positive and --hours not negative".into());
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let mut spec = PlantSpec::demo();
    if !args.incidents {
        spec.scenarios = ScenarioPlan::none();
    }
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let end_ms = args.start_ms + (args.hours * 3.6e6) as i64;
    let result = (|| -> std::io::Result<()> {
        if args.devices {
            serde_json::to_writer_pretty(&mut out, &spec)?;
            return writeln!(out);
        }
        let mut sim = Simulator::new(spec, args.seed, args.start_ms);
        if args.ground_truth {
            serde_json::to_writer_pretty(&mut out, &sim.ground_truth(args.start_ms, end_ms))?;
            return writeln!(out);
        }
        if let Some(t) = &args.tenant {
            sim = sim.with_tenant(t.clone());
        }
        let step = (args.step_s * 1000.0) as i64;
        let mut t = args.start_ms;
        while t < end_ms {
            t = (t + step).min(end_ms);
            for batch in sim.step(t) {
                serde_json::to_writer(&mut out, &batch)?;
                writeln!(out)?;
            }
        }
        out.flush()
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
