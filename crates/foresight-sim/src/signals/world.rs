//! The shared state of the plant, advanced in fixed one-second ticks on the platform clock (weather
//! and process every ten seconds), so that what the devices read never depends on how often the
//! caller steps the simulator.

use super::movers::{Agv, Dispatcher, Person, Vehicle};
use super::process::Process;
use super::weather::Weather;
use crate::noise::{stream, SimRng};
use crate::plant::{zone_at, PlantSpec};
use crate::scenario::Schedule;
use crate::time::SECOND_MS;

pub(crate) const TICK_MS: i64 = SECOND_MS;
/// Weather and process advance every this many ticks.
const SLOW_TICKS: u64 = 10;

#[derive(Debug, Clone)]
pub(crate) struct World {
    seed: u64,
    /// Time of the last tick applied.
    pub t: i64,
    ticks: u64,
    pub weather: Weather,
    pub process: Process,
    pub people: Vec<Person>,
    pub vehicles: Vec<Vehicle>,
    pub agvs: Vec<Agv>,
    pub dispatcher: Dispatcher,
    /// People inside each zone.
    pub zone_people: Vec<u32>,
    /// Last time someone entered or left each zone.
    pub zone_crossing: Vec<i64>,
    person_zone: Vec<Option<usize>>,
    rng_weather: SimRng,
    rng_process: SimRng,
    rng_people: SimRng,
    rng_agv: SimRng,
}

impl World {
    pub fn new(spec: &PlantSpec, seed: u64, start_ms: i64, schedule: &Schedule) -> World {
        let t = start_ms.div_euclid(TICK_MS) * TICK_MS;
        let mut rng_weather = stream(seed, 1);
        let mut rng_process = stream(seed, 2);
        let mut rng_people = stream(seed, 3);
        let mut rng_agv = stream(seed, 4);
        let mut weather = Weather::new(t, &mut rng_weather);
        weather.update(t, 0.0, schedule.cold_weight(t), &mut rng_weather);
        let process = Process::new(t, &weather.now, &mut rng_process);
        let people: Vec<Person> = spec
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| Person::new(seed, i, p, &spec.zones, t, &mut rng_people))
            .collect();
        let vehicles = spec.vehicles.iter().enumerate().map(|(i, v)| Vehicle::new(i, v.kind)).collect();
        let agvs = spec.agvs.iter().map(|a| Agv::new(a.dock, &mut rng_agv)).collect();
        let dispatcher = Dispatcher::new(t, &mut rng_agv);
        let mut w = World {
            seed,
            t,
            ticks: 0,
            weather,
            process,
            people,
            vehicles,
            agvs,
            dispatcher,
            zone_people: vec![0; spec.zones.len()],
            zone_crossing: vec![i64::MIN / 2; spec.zones.len()],
            person_zone: vec![None; spec.people.len()],
            rng_weather,
            rng_process,
            rng_people,
            rng_agv,
        };
        w.count_people(spec, false);
        w
    }

    /// Applies every tick up to and including `t_ms`.
    pub fn advance_to(&mut self, spec: &PlantSpec, schedule: &Schedule, t_ms: i64) {
        while self.t + TICK_MS <= t_ms {
            self.tick(spec, schedule);
        }
    }

    fn tick(&mut self, spec: &PlantSpec, schedule: &Schedule) {
        self.t += TICK_MS;
        self.ticks += 1;
        let t = self.t;
        if self.ticks.is_multiple_of(SLOW_TICKS) {
            let dt = (SLOW_TICKS * TICK_MS as u64) as f64 / 1000.0;
            self.weather.update(t, dt, schedule.cold_weight(t), &mut self.rng_weather);
            self.process.update(t, dt, &self.weather.now, schedule.drift(t), &mut self.rng_process);
        }
        for (i, p) in self.people.iter_mut().enumerate() {
            p.tick(self.seed, i, &spec.people[i], &spec.zones, t, &mut self.rng_people);
        }
        for (i, v) in self.vehicles.iter_mut().enumerate() {
            v.tick(self.seed, i, spec.vehicles[i].kind, &spec.zones, t, &mut self.rng_people);
        }
        self.dispatcher.tick(t, schedule.agv_factor(t), &mut self.agvs, &mut self.rng_agv);
        for a in &mut self.agvs {
            a.tick(t, &mut self.rng_agv);
        }
        self.count_people(spec, true);
    }

    fn count_people(&mut self, spec: &PlantSpec, track: bool) {
        self.zone_people.iter_mut().for_each(|c| *c = 0);
        for (i, p) in self.people.iter().enumerate() {
            let z = if p.on_site { zone_at(&spec.zones, p.pos) } else { None };
            if let Some(z) = z {
                self.zone_people[z] += 1;
            }
            if track && z != self.person_zone[i] {
                for changed in [z, self.person_zone[i]].into_iter().flatten() {
                    self.zone_crossing[changed] = self.t;
                }
            }
            self.person_zone[i] = z;
        }
    }
}
