//! Short names for the generated schema types the screens use.
import type { components } from './schema';

type S = components['schemas'];
export type TokenPair = S['TokenPair'];
export type Me = S['Me'];
export type Role = S['RoleInfo'];
export type Site = S['Site'];
export type Zone = S['Zone'];
export type ZoneKind = S['ZoneKind'];
export type User = S['User'];
export type RoleAssignment = S['RoleAssignment'];
export type ApiKey = S['ApiKey'];
export type CreatedApiKey = S['CreatedApiKey'];
export type AuditEvent = S['AuditEvent'];
export type ChainVerification = S['ChainVerification'];
