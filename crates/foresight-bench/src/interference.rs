//! How much CPU other programs took during a measurement. On a shared machine a build that starts
//! mid-run can halve a column; this makes such a cell visibly suspect instead of quietly wrong.
//!
//! Linux only (`/proc`). "Ours" is this process plus the PostgreSQL backends serving the benchmark
//! database, recognised by the database name in their process title; everything else is "others".

use std::fs;

#[derive(Debug, Clone, Copy)]
pub struct CpuSnapshot {
    /// Machine-wide clock ticks, all CPUs.
    total: u64,
    busy: u64,
    ours: u64,
}

impl CpuSnapshot {
    /// `None` without `/proc`, or when no backend of `database` is visible (PostgreSQL on another
    /// host): its work would then be counted as someone else's.
    pub fn take(database: &str) -> Option<CpuSnapshot> {
        let stat = fs::read_to_string("/proc/stat").ok()?;
        // user nice system idle iowait irq softirq steal (guest time is already inside user).
        let ticks: Vec<u64> =
            stat.lines().next()?.split_whitespace().skip(1).take(8).map(|t| t.parse().ok()).collect::<Option<_>>()?;
        let total: u64 = ticks.iter().sum();
        // Interrupt time is left out: here it is mostly the benchmark's own loopback traffic, which
        // no process is charged for. Steal stays in: it is another virtual machine's.
        let &[user, nice, system, _idle, _iowait, _irq, _softirq, steal] = ticks.as_slice() else { return None };
        let busy = user + nice + system + steal;
        let backends = backend_ticks(database)?;
        Some(CpuSnapshot { total, busy, ours: process_ticks("self")? + backends })
    }

    /// Share of the machine's CPU time since `earlier` that went to other programs.
    pub fn others_since(&self, earlier: &CpuSnapshot) -> f64 {
        let elapsed = self.total.saturating_sub(earlier.total).max(1);
        let busy = self.busy.saturating_sub(earlier.busy);
        busy.saturating_sub(self.ours.saturating_sub(earlier.ours)) as f64 / elapsed as f64
    }
}

/// User plus system ticks of a process (all its threads).
fn process_ticks(pid: &str) -> Option<u64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may contain spaces; the fixed fields start after its closing parenthesis.
    let fields: Vec<&str> = stat.get(stat.rfind(')')? + 1..)?.split_whitespace().collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

/// Summed ticks of the backends connected to `database`; `None` if there are none.
fn backend_ticks(database: &str) -> Option<u64> {
    let mut found = None;
    for entry in fs::read_dir("/proc").ok()?.flatten() {
        let pid = entry.file_name();
        let Some(pid) = pid.to_str().filter(|p| p.bytes().all(|b| b.is_ascii_digit())) else { continue };
        // A backend's title reads "postgres: [<cluster>:] <user> <database> <client> <state>"; the
        // benchmark database's name is unique, so finding it as a word is enough.
        let Ok(title) = fs::read(format!("/proc/{pid}/cmdline")) else { continue };
        let title = String::from_utf8_lossy(&title);
        if title.starts_with("postgres: ") && title.split_whitespace().any(|word| word == database) {
            if let Some(ticks) = process_ticks(pid) {
                found = Some(found.unwrap_or(0) + ticks);
            }
        }
    }
    found
}
