//! People, vehicles and AGVs moving on the site plan, one-second steps.
//!
//! People work two shifts (day crew 08:00–20:00, night crew 20:00–08:00, office staff 08:00–17:00 on
//! weekdays), arrive at the main gate up to 25 min early, walk (1.3 m/s) along the main road between
//! zones and work at spots inside them for a while, depending on their duty. AGVs take transport orders
//! (pallets from the filling heads to the warehouse); orders come at a steady rate per shift (12/h by
//! day, 6/h at night), tripled during the ammonia incident's rush.

use crate::noise::{hash_unit, uniform, SimRng};
use crate::plant::{
    point_in_polygon, Crew, Duty, PersonSpec, VehicleKind, ZoneSpec, CONTROL_ROOM, E400, F300, FILLING_HEADS,
    LOADING_BAY, MAIN_GATE, MAIN_ROAD_Y, PLAN_SCALE_M_PER_PX, R100, T200, U600, W500,
};
use crate::time::{local_day, shift_at, Shift, DAY_MS, HOUR_MS, MINUTE_MS, TZ_OFFSET_MS};
use rand::Rng;
use std::collections::VecDeque;

const WALK_M_S: f64 = 1.3;

/// A random point inside zone `z`, away from its edges.
pub(crate) fn point_in_zone(zones: &[ZoneSpec], z: usize, rng: &mut SimRng) -> [f64; 2] {
    let poly = &zones[z].polygon;
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in poly {
        x0 = x0.min(p[0]);
        y0 = y0.min(p[1]);
        x1 = x1.max(p[0]);
        y1 = y1.max(p[1]);
    }
    let inset = 12.0;
    for _ in 0..64 {
        let p = [uniform(rng, x0 + inset, x1 - inset), uniform(rng, y0 + inset, y1 - inset)];
        let probes = [[inset, 0.0], [-inset, 0.0], [0.0, inset], [0.0, -inset]];
        if probes.iter().all(|d| point_in_polygon([p[0] + d[0], p[1] + d[1]], poly)) {
            return p;
        }
    }
    [(x0 + x1) / 2.0, (y0 + y1) / 2.0]
}

/// Waypoints from `a` to `b` along the main road (returned in walking order).
fn road_route(a: [f64; 2], b: [f64; 2]) -> Vec<[f64; 2]> {
    vec![[a[0], MAIN_ROAD_Y], [b[0], MAIN_ROAD_Y], b]
}

/// Moves `pos` towards the waypoints (front first) by `dist` pixels; returns the heading of the last
/// move (compass degrees, 0 = up on the plan) if it moved.
fn advance(pos: &mut [f64; 2], route: &mut VecDeque<[f64; 2]>, mut dist: f64) -> Option<f64> {
    let mut heading = None;
    while dist > 1e-9 {
        let Some(&next) = route.front() else { break };
        let (dx, dy) = (next[0] - pos[0], next[1] - pos[1]);
        let d = (dx * dx + dy * dy).sqrt();
        if d > 1e-9 {
            heading = Some((dx.atan2(-dy).to_degrees() + 360.0) % 360.0);
        }
        if d <= dist {
            *pos = next;
            route.pop_front();
            dist -= d;
        } else {
            pos[0] += dx / d * dist;
            pos[1] += dy / d * dist;
            dist = 0.0;
        }
    }
    heading
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Place {
    Zone(usize),
    ControlRoom,
    Gate,
}

#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub pos: [f64; 2],
    route: VecDeque<[f64; 2]>,
    pub on_site: bool,
    leaving: bool,
    place: Place,
    dwell_until: i64,
    pub exertion: f64,
    pub walking: bool,
    pub battery: f64,
    /// When the current shift started (arrival), for fatigue.
    pub arrived_ms: i64,
    patrol_next: usize,
}

impl Person {
    pub fn indoors(&self) -> bool {
        match self.place {
            Place::ControlRoom => !self.walking,
            Place::Zone(z) => !self.walking && (z == W500 || z == E400),
            Place::Gate => false,
        }
    }
}

/// Arrival and departure of person `i` for the shift containing `t`, if any.
pub(crate) fn duty_interval(seed: u64, i: usize, crew: Crew, t: i64) -> Option<(i64, i64)> {
    let today = local_day(t);
    for d in [today - 1, today, today + 1] {
        let midnight = d * DAY_MS - TZ_OFFSET_MS;
        let (start, end) = match crew {
            Crew::Day => (midnight + 8 * HOUR_MS, midnight + 20 * HOUR_MS),
            Crew::Night => (midnight + 20 * HOUR_MS, midnight + 32 * HOUR_MS),
            Crew::Office => {
                // 1970-01-01 was a Thursday: (d + 3) % 7 is 0 on Mondays.
                if (d + 3).rem_euclid(7) >= 5 {
                    continue;
                }
                (midnight + 8 * HOUR_MS, midnight + 17 * HOUR_MS)
            }
        };
        let arrive = start - 25 * MINUTE_MS + (hash_unit(seed, 2 * i as u64, d) * 25.0 * MINUTE_MS as f64) as i64;
        let depart = end + (hash_unit(seed, 2 * i as u64 + 1, d) * 20.0 * MINUTE_MS as f64) as i64;
        if (arrive..depart).contains(&t) {
            return Some((arrive, depart));
        }
    }
    None
}

const PATROL: [usize; 6] = [T200, R100, E400, U600, F300, W500];

/// Where a person goes next and for how long (seconds).
fn next_target(
    spec: &PersonSpec,
    zones: &[ZoneSpec],
    patrol_next: &mut usize,
    rng: &mut SimRng,
) -> (Place, [f64; 2], f64) {
    let r: f64 = rng.gen();
    let minutes = |rng: &mut SimRng, a: f64, b: f64| uniform(rng, a, b) * 60.0;
    let home = spec.home_zone.unwrap_or(U600);
    let other = |rng: &mut SimRng| {
        let z = rng.gen_range(0..zones.len() - 1);
        if z >= home {
            z + 1
        } else {
            z
        }
    };
    let (place, dwell) = match spec.duty {
        Duty::Operator => {
            let home_share = if home == R100 { 0.45 } else { 0.6 };
            if r < home_share {
                (Place::Zone(home), minutes(rng, 10.0, 40.0))
            } else if r < 0.9 {
                (Place::ControlRoom, minutes(rng, 10.0, 30.0))
            } else {
                (Place::Zone(other(rng)), minutes(rng, 5.0, 15.0))
            }
        }
        Duty::Maintenance => {
            let z = if r < 0.4 {
                R100
            } else if r < 0.6 {
                T200
            } else if r < 0.8 {
                U600
            } else {
                F300
            };
            (Place::Zone(z), minutes(rng, 30.0, 90.0))
        }
        Duty::Warehouse => {
            if r < 0.85 {
                (Place::Zone(home), minutes(rng, 15.0, 45.0))
            } else {
                (Place::Zone(F300), minutes(rng, 5.0, 15.0))
            }
        }
        Duty::Electrician => {
            if r < 0.6 {
                (Place::Zone(E400), minutes(rng, 20.0, 60.0))
            } else if r < 0.8 {
                (Place::Zone(U600), minutes(rng, 15.0, 40.0))
            } else {
                (Place::ControlRoom, minutes(rng, 10.0, 30.0))
            }
        }
        Duty::Patrol => {
            let k = *patrol_next;
            *patrol_next = (k + 1) % (PATROL.len() + 1);
            if k == PATROL.len() {
                (Place::ControlRoom, minutes(rng, 20.0, 40.0))
            } else {
                (Place::Zone(PATROL[k]), minutes(rng, 8.0, 20.0))
            }
        }
    };
    let point = match place {
        Place::Zone(z) => point_in_zone(zones, z, rng),
        Place::ControlRoom => [CONTROL_ROOM[0] + uniform(rng, -8.0, 8.0), CONTROL_ROOM[1] + uniform(rng, -8.0, 8.0)],
        Place::Gate => MAIN_GATE,
    };
    (place, point, dwell)
}

fn work_exertion(duty: Duty) -> f64 {
    match duty {
        Duty::Operator => 0.3,
        Duty::Maintenance => 0.6,
        Duty::Warehouse => 0.5,
        Duty::Electrician => 0.35,
        Duty::Patrol => 0.3,
    }
}

impl Person {
    pub fn new(seed: u64, i: usize, spec: &PersonSpec, zones: &[ZoneSpec], t: i64, rng: &mut SimRng) -> Person {
        let mut p = Person {
            pos: MAIN_GATE,
            route: VecDeque::new(),
            on_site: false,
            leaving: false,
            place: Place::Gate,
            dwell_until: t,
            exertion: 0.2,
            walking: false,
            battery: 100.0,
            arrived_ms: t,
            patrol_next: rng.gen_range(0..PATROL.len()),
        };
        if let Some((arrive, _)) = duty_interval(seed, i, spec.crew, t) {
            // Already at work when the simulation starts: somewhere at their work.
            let (place, point, dwell) = next_target(spec, zones, &mut p.patrol_next, rng);
            p.on_site = true;
            p.place = place;
            p.pos = point;
            p.dwell_until = t + (dwell * uniform(rng, 0.0, 1000.0)) as i64;
            p.arrived_ms = arrive;
            p.battery = (100.0 - 4.0 * (t - arrive) as f64 / HOUR_MS as f64).max(5.0);
        }
        p
    }

    pub fn tick(&mut self, seed: u64, i: usize, spec: &PersonSpec, zones: &[ZoneSpec], t: i64, rng: &mut SimRng) {
        let dt = 1.0;
        let duty = duty_interval(seed, i, spec.crew, t);
        if !self.on_site {
            self.battery = (self.battery + 25.0 * dt / 3600.0).min(100.0);
            if let Some((arrive, _)) = duty {
                self.on_site = true;
                self.leaving = false;
                self.arrived_ms = arrive;
                self.pos = MAIN_GATE;
                self.dwell_until = t;
                self.walking = false;
                self.place = Place::Gate;
            } else {
                return;
            }
        }
        self.battery = (self.battery - 4.0 * dt / 3600.0).max(3.0);
        if duty.is_none() && !self.leaving {
            self.leaving = true;
            self.route = road_route(self.pos, MAIN_GATE).into();
            self.walking = true;
            self.place = Place::Gate;
        }
        if self.walking {
            advance(&mut self.pos, &mut self.route, WALK_M_S / PLAN_SCALE_M_PER_PX * dt);
            if self.route.is_empty() {
                self.walking = false;
                if self.leaving {
                    self.on_site = false;
                    return;
                }
            }
        } else if t >= self.dwell_until && !self.leaving {
            let (place, point, dwell) = next_target(spec, zones, &mut self.patrol_next, rng);
            self.route = road_route(self.pos, point).into();
            self.walking = true;
            self.place = place;
            self.dwell_until = t + (dwell * 1000.0) as i64;
            // The dwell starts on arrival: extend by the walk, roughly.
            let len: f64 = {
                let mut prev = self.pos;
                let mut sum = 0.0;
                for p in &self.route {
                    sum += ((p[0] - prev[0]).powi(2) + (p[1] - prev[1]).powi(2)).sqrt();
                    prev = *p;
                }
                sum
            };
            self.dwell_until += (len * PLAN_SCALE_M_PER_PX / WALK_M_S * 1000.0) as i64;
        }
        let target = if self.walking {
            0.5
        } else if self.place == Place::ControlRoom {
            0.1
        } else {
            work_exertion(spec.duty)
        };
        self.exertion += (target - self.exertion) * (1.0 - (-dt / 90.0f64).exp());
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Vehicle {
    pub pos: [f64; 2],
    route: VecDeque<[f64; 2]>,
    pub on_site: bool,
    dwell_until: i64,
    visit: i64,
    home: [f64; 2],
    leaving: bool,
}

/// Tanker visits: (vehicle index among tankers, local hours of arrival).
const TANKER_VISITS: [[f64; 2]; 2] = [[9.0, 14.0], [10.5, 15.5]];

impl Vehicle {
    pub fn new(i: usize, kind: VehicleKind) -> Vehicle {
        let home = match kind {
            VehicleKind::Forklift => [560.0 + 20.0 * i as f64, 880.0],
            VehicleKind::TankerTruck => MAIN_GATE,
        };
        Vehicle {
            pos: home,
            route: VecDeque::new(),
            on_site: kind == VehicleKind::Forklift,
            dwell_until: 0,
            visit: i64::MIN,
            home,
            leaving: false,
        }
    }

    pub fn tick(&mut self, seed: u64, i: usize, kind: VehicleKind, zones: &[ZoneSpec], t: i64, rng: &mut SimRng) {
        match kind {
            VehicleKind::Forklift => {
                let working = shift_at(t) == Shift::Day;
                if !self.route.is_empty() {
                    advance(&mut self.pos, &mut self.route, 2.0 / PLAN_SCALE_M_PER_PX);
                } else if t >= self.dwell_until {
                    let target = if working { point_in_zone(zones, W500, rng) } else { self.home };
                    if target != self.pos {
                        self.route.push_back(target);
                    }
                    self.dwell_until = t + (uniform(rng, 60.0, 300.0) * 1000.0) as i64;
                }
            }
            VehicleKind::TankerTruck => {
                let speed = 3.0 / PLAN_SCALE_M_PER_PX;
                if !self.on_site {
                    let day = local_day(t);
                    let midnight = day * DAY_MS - TZ_OFFSET_MS;
                    let tanker = (i % 2).min(TANKER_VISITS.len() - 1);
                    for (k, h) in TANKER_VISITS[tanker].iter().enumerate() {
                        let jitter = hash_unit(seed, 1000 + 10 * i as u64 + k as u64, day) * 40.0 * MINUTE_MS as f64;
                        let s = midnight + (h * HOUR_MS as f64) as i64 + jitter as i64;
                        if (s..s + MINUTE_MS).contains(&t) && self.visit != s {
                            self.visit = s;
                            self.on_site = true;
                            self.leaving = false;
                            self.pos = MAIN_GATE;
                            self.route = road_route(MAIN_GATE, LOADING_BAY).into();
                            self.dwell_until = t + (uniform(rng, 45.0, 60.0) * 60_000.0) as i64;
                        }
                    }
                } else if !self.route.is_empty() {
                    advance(&mut self.pos, &mut self.route, speed);
                    if self.route.is_empty() && self.leaving {
                        self.on_site = false;
                    }
                } else if t >= self.dwell_until && !self.leaving {
                    self.leaving = true;
                    self.route = road_route(self.pos, MAIN_GATE).into();
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AgvPhase {
    Idle,
    ToPickup,
    Loading,
    ToDrop,
    Unloading,
    Returning,
    Charging,
}

#[derive(Debug, Clone)]
pub(crate) struct Agv {
    pub pos: [f64; 2],
    pub heading: f64,
    pub speed_m_s: f64,
    pub phase: AgvPhase,
    pub load_kg: f64,
    pub battery: f64,
    pub speed_limit: f64,
    dock: [f64; 2],
    route: VecDeque<[f64; 2]>,
    until: i64,
    pallet_kg: f64,
    drop: [f64; 2],
}

/// One transport order given to an AGV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Dispatch {
    /// When the order was released by the line (platform ms).
    pub released_ms: i64,
    /// When an AGV took it.
    pub assigned_ms: i64,
    pub agv: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Dispatcher {
    /// When the previous order was released, and the jitter (0.75–1.25) of the current interval.
    last_release: i64,
    jitter: f64,
    queue: VecDeque<i64>,
    pub log: VecDeque<Dispatch>,
}

/// Transport orders per hour in normal operation.
pub(crate) fn base_order_rate(t: i64) -> f64 {
    match shift_at(t) {
        Shift::Day => 12.0,
        Shift::Night => 6.0,
    }
}

/// Dispatches kept for inspection (about a month at the normal rates).
pub(crate) const DISPATCH_LOG: usize = 10_000;

impl Dispatcher {
    pub fn new(t: i64, rng: &mut SimRng) -> Dispatcher {
        // As if an order had gone out a random part of an interval ago.
        let interval = 3600.0 / base_order_rate(t) * 1000.0;
        let last_release = t - (uniform(rng, 0.0, 1.0) * interval) as i64;
        Dispatcher { last_release, jitter: uniform(rng, 0.75, 1.25), queue: VecDeque::new(), log: VecDeque::new() }
    }

    /// Releases the order due at `t` (orders come every 3600 / (rate × `factor`) s, ±25 %; a change of
    /// rate applies to the interval under way) and hands queued orders to idle AGVs.
    pub fn tick(&mut self, t: i64, factor: f64, agvs: &mut [Agv], rng: &mut SimRng) {
        let interval_ms = 3600.0 / (base_order_rate(t) * factor) * 1000.0 * self.jitter;
        if t >= self.last_release + interval_ms as i64 {
            self.queue.push_back(t);
            self.last_release = t;
            self.jitter = uniform(rng, 0.75, 1.25);
        }
        while let Some(&released) = self.queue.front() {
            let ready = agvs
                .iter()
                .enumerate()
                .filter(|(_, a)| a.phase == AgvPhase::Idle && a.battery >= 30.0)
                .max_by(|a, b| a.1.battery.total_cmp(&b.1.battery).then(b.0.cmp(&a.0)))
                .map(|(i, _)| i);
            let Some(i) = ready else { break };
            self.queue.pop_front();
            agvs[i].assign(rng);
            if self.log.len() == DISPATCH_LOG {
                self.log.pop_front();
            }
            self.log.push_back(Dispatch { released_ms: released, assigned_ms: t, agv: i });
        }
    }
}

const AISLE_X: f64 = 760.0;
const BAND_Y: f64 = 650.0;
const DOCK_AISLE_Y: f64 = 840.0;
const TRANSFER_Y: f64 = 760.0;
const WAREHOUSE_DOOR_X: f64 = 612.0;

impl Agv {
    pub fn new(dock: [f64; 2], rng: &mut SimRng) -> Agv {
        Agv {
            pos: dock,
            heading: 0.0,
            speed_m_s: 0.0,
            phase: AgvPhase::Idle,
            load_kg: 0.0,
            battery: uniform(rng, 60.0, 100.0),
            speed_limit: 1.5,
            dock,
            route: VecDeque::new(),
            until: 0,
            pallet_kg: 0.0,
            drop: dock,
        }
    }

    fn assign(&mut self, rng: &mut SimRng) {
        let head = FILLING_HEADS[rng.gen_range(0..FILLING_HEADS.len())].position;
        let pickup = [head[0], BAND_Y];
        self.route =
            [[self.dock[0], DOCK_AISLE_Y], [AISLE_X, DOCK_AISLE_Y], [AISLE_X, BAND_Y], pickup].into_iter().collect();
        let bays = [600.0, 640.0, 820.0, 870.0];
        self.drop = [uniform(rng, 150.0, 560.0), bays[rng.gen_range(0..bays.len())]];
        self.pallet_kg = uniform(rng, 600.0, 1000.0);
        self.phase = AgvPhase::ToPickup;
    }

    pub fn tick(&mut self, t: i64, rng: &mut SimRng) {
        let dt = 1.0;
        let moving = matches!(self.phase, AgvPhase::ToPickup | AgvPhase::ToDrop | AgvPhase::Returning);
        if moving {
            self.speed_limit = if self.pos[0] < 650.0 { 1.0 } else { 1.5 };
            let to_next = self
                .route
                .front()
                .map(|n| ((n[0] - self.pos[0]).powi(2) + (n[1] - self.pos[1]).powi(2)).sqrt() * PLAN_SCALE_M_PER_PX)
                .unwrap_or(0.0);
            // Accelerate at 0.5 m/s², slow down before corners.
            let target = self.speed_limit.min(0.3 + 0.6 * to_next);
            self.speed_m_s = (self.speed_m_s + 0.5 * dt).min(target);
            if let Some(h) = advance(&mut self.pos, &mut self.route, self.speed_m_s / PLAN_SCALE_M_PER_PX * dt) {
                self.heading = h;
            }
            self.battery -= 0.004 * dt;
            if self.route.is_empty() {
                self.speed_m_s = 0.0;
                match self.phase {
                    AgvPhase::ToPickup => {
                        self.phase = AgvPhase::Loading;
                        self.until = t + (uniform(rng, 45.0, 75.0) * 1000.0) as i64;
                    }
                    AgvPhase::ToDrop => {
                        self.phase = AgvPhase::Unloading;
                        self.until = t + (uniform(rng, 40.0, 60.0) * 1000.0) as i64;
                    }
                    _ => {
                        self.phase = if self.battery < 30.0 { AgvPhase::Charging } else { AgvPhase::Idle };
                    }
                }
            }
        } else {
            self.speed_m_s = 0.0;
            match self.phase {
                AgvPhase::Loading if t >= self.until => {
                    self.load_kg = self.pallet_kg;
                    self.phase = AgvPhase::ToDrop;
                    let [x, y] = self.drop;
                    self.route = [
                        [AISLE_X, BAND_Y],
                        [AISLE_X, TRANSFER_Y],
                        [WAREHOUSE_DOOR_X, TRANSFER_Y],
                        [x, TRANSFER_Y],
                        [x, y],
                    ]
                    .into_iter()
                    .collect();
                }
                AgvPhase::Unloading if t >= self.until => {
                    self.load_kg = 0.0;
                    self.phase = AgvPhase::Returning;
                    let [x, _] = self.drop;
                    self.route = [
                        [x, TRANSFER_Y],
                        [WAREHOUSE_DOOR_X, TRANSFER_Y],
                        [AISLE_X, TRANSFER_Y],
                        [AISLE_X, DOCK_AISLE_Y],
                        [self.dock[0], DOCK_AISLE_Y],
                        self.dock,
                    ]
                    .into_iter()
                    .collect();
                }
                AgvPhase::Charging => {
                    self.battery += 0.03 * dt;
                    if self.battery >= 95.0 {
                        self.phase = AgvPhase::Idle;
                    }
                }
                AgvPhase::Idle => {
                    self.battery -= 0.0005 * dt;
                    if self.battery < 30.0 {
                        self.phase = AgvPhase::Charging;
                    }
                }
                _ => self.battery -= 0.001 * dt,
            }
        }
        self.battery = self.battery.clamp(1.0, 100.0);
    }

    /// The AGV preset's state enum: idle 0, moving 1, loading 2, charging 3.
    pub fn state_code(&self) -> i64 {
        match self.phase {
            AgvPhase::Idle => 0,
            AgvPhase::ToPickup | AgvPhase::ToDrop | AgvPhase::Returning => 1,
            AgvPhase::Loading | AgvPhase::Unloading => 2,
            AgvPhase::Charging => 3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plant::PlantSpec;

    #[test]
    fn points_in_zones_are_inside() {
        let spec = PlantSpec::demo();
        let mut rng = crate::noise::stream(1, 2);
        for z in 0..spec.zones.len() {
            for _ in 0..200 {
                let p = point_in_zone(&spec.zones, z, &mut rng);
                assert!(point_in_polygon(p, &spec.zones[z].polygon), "{z} {p:?}");
            }
        }
    }

    #[test]
    fn shifts_cover_the_clock_and_office_staff_rest_on_weekends() {
        // 2026-01-15 is a Thursday; 2026-01-17 a Saturday.
        let thursday_noon = 1_768_406_400_000 + 12 * HOUR_MS;
        assert!(duty_interval(1, 0, Crew::Day, thursday_noon).is_some());
        assert!(duty_interval(1, 0, Crew::Night, thursday_noon).is_none());
        assert!(duty_interval(1, 0, Crew::Night, thursday_noon + 14 * HOUR_MS).is_some());
        assert!(duty_interval(1, 0, Crew::Office, thursday_noon).is_some());
        assert!(duty_interval(1, 0, Crew::Office, thursday_noon + 2 * DAY_MS).is_none());
    }
}
