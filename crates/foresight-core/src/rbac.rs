//! Roles, permissions and the single authorisation decision every request goes through.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use uuid::Uuid;

/// What a caller may do. The string forms are stable: they appear in API-key scopes and in `GET /me`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Permission {
    #[serde(rename = "tenant:read")]
    TenantRead,
    #[serde(rename = "tenant:admin")]
    TenantAdmin,
    #[serde(rename = "site:read")]
    SiteRead,
    #[serde(rename = "site:write")]
    SiteWrite,
    #[serde(rename = "zone:read")]
    ZoneRead,
    #[serde(rename = "zone:write")]
    ZoneWrite,
    #[serde(rename = "user:read")]
    UserRead,
    #[serde(rename = "user:write")]
    UserWrite,
    #[serde(rename = "api_key:manage")]
    ApiKeyManage,
    #[serde(rename = "audit:read")]
    AuditRead,
    /// Thing models, gateways and devices.
    #[serde(rename = "device:read")]
    DeviceRead,
    #[serde(rename = "device:write")]
    DeviceWrite,
    /// Readings, latest values, alarms raised by devices, dead letters.
    #[serde(rename = "telemetry:read")]
    TelemetryRead,
    /// The hazard register (风险点) and its Excel import and export.
    #[serde(rename = "hazard:read")]
    HazardRead,
    #[serde(rename = "hazard:write")]
    HazardWrite,
    /// The tenant's risk grading policy (LEC colour mapping, LS bands).
    #[serde(rename = "risk:configure")]
    RiskConfigure,
    /// Alerts, their evidence and review record, the actions board.
    #[serde(rename = "alert:read")]
    AlertRead,
    /// Level 2 of the review (workshop engineer, in the zones of the grant).
    #[serde(rename = "alert:review")]
    AlertReview,
    /// Level 3 of the review (plant safety department): approve, return, escalate; corrective actions.
    #[serde(rename = "alert:approve")]
    AlertApprove,
    /// The alert policy (thresholds, correlation, deadlines) and webhooks.
    #[serde(rename = "alert:configure")]
    AlertConfigure,
    #[serde(rename = "platform:admin")]
    PlatformAdmin,
}

impl Permission {
    pub const ALL: [Permission; 21] = [
        Permission::TenantRead,
        Permission::TenantAdmin,
        Permission::SiteRead,
        Permission::SiteWrite,
        Permission::ZoneRead,
        Permission::ZoneWrite,
        Permission::UserRead,
        Permission::UserWrite,
        Permission::ApiKeyManage,
        Permission::AuditRead,
        Permission::DeviceRead,
        Permission::DeviceWrite,
        Permission::TelemetryRead,
        Permission::HazardRead,
        Permission::HazardWrite,
        Permission::RiskConfigure,
        Permission::AlertRead,
        Permission::AlertReview,
        Permission::AlertApprove,
        Permission::AlertConfigure,
        Permission::PlatformAdmin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Permission::TenantRead => "tenant:read",
            Permission::TenantAdmin => "tenant:admin",
            Permission::SiteRead => "site:read",
            Permission::SiteWrite => "site:write",
            Permission::ZoneRead => "zone:read",
            Permission::ZoneWrite => "zone:write",
            Permission::UserRead => "user:read",
            Permission::UserWrite => "user:write",
            Permission::ApiKeyManage => "api_key:manage",
            Permission::AuditRead => "audit:read",
            Permission::DeviceRead => "device:read",
            Permission::DeviceWrite => "device:write",
            Permission::TelemetryRead => "telemetry:read",
            Permission::HazardRead => "hazard:read",
            Permission::HazardWrite => "hazard:write",
            Permission::RiskConfigure => "risk:configure",
            Permission::AlertRead => "alert:read",
            Permission::AlertReview => "alert:review",
            Permission::AlertApprove => "alert:approve",
            Permission::AlertConfigure => "alert:configure",
            Permission::PlatformAdmin => "platform:admin",
        }
    }

    pub fn parse(s: &str) -> Option<Permission> {
        Permission::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// Permissions an API key may carry: integrations read the plant structure and, later, write
    /// telemetry; they never administer people, keys or the platform.
    pub fn grantable_to_api_key(self) -> bool {
        matches!(
            self,
            Permission::TenantRead
                | Permission::SiteRead
                | Permission::SiteWrite
                | Permission::ZoneRead
                | Permission::ZoneWrite
                | Permission::UserRead
                | Permission::AuditRead
                | Permission::DeviceRead
                | Permission::DeviceWrite
                | Permission::TelemetryRead
                | Permission::HazardRead
                | Permission::HazardWrite
                | Permission::AlertRead
        )
    }
}

/// The roles a person can hold. Zone-scoped assignments limit what the role sees to those zones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    PlatformAdmin,
    TenantAdmin,
    SafetyManager,
    PlantSafety,
    WorkshopEngineer,
    TeamLeader,
    ContractorPm,
    Viewer,
    Integration,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::PlatformAdmin,
        Role::TenantAdmin,
        Role::SafetyManager,
        Role::PlantSafety,
        Role::WorkshopEngineer,
        Role::TeamLeader,
        Role::ContractorPm,
        Role::Viewer,
        Role::Integration,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::PlatformAdmin => "platform_admin",
            Role::TenantAdmin => "tenant_admin",
            Role::SafetyManager => "safety_manager",
            Role::PlantSafety => "plant_safety",
            Role::WorkshopEngineer => "workshop_engineer",
            Role::TeamLeader => "team_leader",
            Role::ContractorPm => "contractor_pm",
            Role::Viewer => "viewer",
            Role::Integration => "integration",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// A zone-scoped role only makes sense for people who work in particular zones.
    pub fn may_be_zone_scoped(self) -> bool {
        matches!(self, Role::WorkshopEngineer | Role::TeamLeader | Role::ContractorPm | Role::Viewer)
    }

    /// The workshop engineer's authority is always tied to workshops: a tenant-wide one is refused.
    pub fn requires_zone_scope(self) -> bool {
        matches!(self, Role::WorkshopEngineer)
    }

    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Role::PlatformAdmin => &[PlatformAdmin, TenantRead, SiteRead, ZoneRead, UserRead, AuditRead],
            Role::TenantAdmin => &[
                TenantRead,
                TenantAdmin,
                SiteRead,
                SiteWrite,
                ZoneRead,
                ZoneWrite,
                UserRead,
                UserWrite,
                ApiKeyManage,
                AuditRead,
                DeviceRead,
                DeviceWrite,
                TelemetryRead,
                HazardRead,
                HazardWrite,
                RiskConfigure,
                AlertRead,
                AlertConfigure,
            ],
            Role::SafetyManager => &[
                TenantRead,
                SiteRead,
                SiteWrite,
                ZoneRead,
                ZoneWrite,
                UserRead,
                AuditRead,
                DeviceRead,
                DeviceWrite,
                TelemetryRead,
                HazardRead,
                HazardWrite,
                RiskConfigure,
                AlertRead,
                AlertApprove,
                AlertConfigure,
            ],
            // The plant safety department does the final review (level 3).
            Role::PlantSafety => &[
                TenantRead,
                SiteRead,
                ZoneRead,
                UserRead,
                AuditRead,
                DeviceRead,
                TelemetryRead,
                HazardRead,
                AlertRead,
                AlertApprove,
            ],
            // Hazards are zone-limited by row-level security: a workshop engineer keeps the register of
            // his own zones.
            // ... and reviews the alerts of his zones (level 2); he sees who owns actions (user:read).
            Role::WorkshopEngineer => &[
                TenantRead,
                SiteRead,
                ZoneRead,
                UserRead,
                DeviceRead,
                TelemetryRead,
                HazardRead,
                HazardWrite,
                AlertRead,
                AlertReview,
            ],
            Role::TeamLeader => &[TenantRead, SiteRead, ZoneRead, DeviceRead, TelemetryRead, HazardRead, AlertRead],
            // People working in a zone must know its hazards.
            Role::ContractorPm => &[TenantRead, SiteRead, ZoneRead, HazardRead],
            Role::Viewer => &[TenantRead, SiteRead, ZoneRead, HazardRead, AlertRead],
            Role::Integration => &[TenantRead, SiteRead, ZoneRead, DeviceRead, TelemetryRead, HazardRead, AlertRead],
        }
    }
}

/// One role held by a person, tenant-wide (`zone_id` none) or in one zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub role: Role,
    pub zone_id: Option<Uuid>,
}

/// Which zones a caller may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZoneScope {
    All,
    Only(BTreeSet<Uuid>),
}

/// The authenticated caller, reduced to what authorisation needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authority {
    permissions: BTreeSet<Permission>,
    zone_scope: ZoneScope,
}

impl Authority {
    /// A person's authority is the union of their grants. Zone visibility is unrestricted when any
    /// tenant-wide grant carries `zone:read`, else it is the union of the scoped grants' zones.
    pub fn from_grants(grants: &[Grant]) -> Authority {
        let mut permissions = BTreeSet::new();
        let mut zones = BTreeSet::new();
        let mut all_zones = false;
        for grant in grants {
            permissions.extend(grant.role.permissions().iter().copied());
            match grant.zone_id {
                None if grant.role.permissions().contains(&Permission::ZoneRead) => all_zones = true,
                None => {}
                Some(zone) => {
                    zones.insert(zone);
                }
            }
        }
        let zone_scope = if all_zones { ZoneScope::All } else { ZoneScope::Only(zones) };
        Authority { permissions, zone_scope }
    }

    /// An API key's authority is exactly its scopes, tenant-wide.
    pub fn from_scopes(scopes: &[Permission]) -> Authority {
        Authority {
            permissions: scopes.iter().copied().filter(|p| p.grantable_to_api_key()).collect(),
            zone_scope: ZoneScope::All,
        }
    }

    pub fn allows(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }

    pub fn permissions(&self) -> impl Iterator<Item = Permission> + '_ {
        self.permissions.iter().copied()
    }

    pub fn zone_scope(&self) -> &ZoneScope {
        &self.zone_scope
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_strings_round_trip() {
        for p in Permission::ALL {
            assert_eq!(Permission::parse(p.as_str()), Some(p));
            assert_eq!(serde_json::to_value(p).unwrap(), p.as_str());
        }
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
            assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
        }
    }

    #[test]
    fn zone_scoped_engineer_sees_only_his_zones() {
        let zone = Uuid::now_v7();
        let authority = Authority::from_grants(&[Grant { role: Role::WorkshopEngineer, zone_id: Some(zone) }]);
        assert_eq!(authority.zone_scope(), &ZoneScope::Only([zone].into()));
        assert!(authority.allows(Permission::ZoneRead));
        assert!(!authority.allows(Permission::ZoneWrite));
    }

    #[test]
    fn a_tenant_wide_reader_lifts_the_zone_restriction() {
        let zone = Uuid::now_v7();
        let authority = Authority::from_grants(&[
            Grant { role: Role::WorkshopEngineer, zone_id: Some(zone) },
            Grant { role: Role::PlantSafety, zone_id: None },
        ]);
        assert_eq!(authority.zone_scope(), &ZoneScope::All);
    }

    #[test]
    fn no_grants_means_no_permissions_and_no_zones() {
        let authority = Authority::from_grants(&[]);
        assert_eq!(authority.permissions().count(), 0);
        assert_eq!(authority.zone_scope(), &ZoneScope::Only(BTreeSet::new()));
    }

    #[test]
    fn api_keys_never_carry_administrative_permissions() {
        let authority = Authority::from_scopes(&Permission::ALL);
        assert!(!authority.allows(Permission::ApiKeyManage));
        assert!(!authority.allows(Permission::UserWrite));
        assert!(!authority.allows(Permission::PlatformAdmin));
        assert!(authority.allows(Permission::ZoneRead));
    }
}
