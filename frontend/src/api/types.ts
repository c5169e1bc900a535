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
export type ThingModelSummary = S['ThingModelSummary'];
export type ThingModelRecord = S['ThingModelRecord'];
export type PresetThingModel = S['PresetThingModel'];
export type ImportFormat = S['ImportFormat'];
export type ImportWarning = S['ImportWarning'];
export type Gateway = S['Gateway'];
export type GatewayWithToken = S['GatewayWithToken'];
export type Device = S['Device'];
export type DeviceStatus = S['DeviceStatus'];
export type CreateDevice = S['CreateDevice'];
export type UpdateDevice = S['UpdateDevice'];
export type LatestValue = S['LatestValue'];
export type Series = S['Series'];
export type Bucket = S['Bucket'];
export type RawPoint = S['RawPoint'];
export type DeadLetter = S['DeadLetter'];
export type DeadLetterCount = S['DeadLetterCount'];
export type DeadLetterSummary = S['DeadLetterSummary'];
export type ProblemField = S['ProblemField'];
/** The open JSON object the API carries a thing-model definition in (the schema leaves its keys open). */
export type DefinitionObject = S['ThingModelRecord']['definition'];
