export { type ClientConfig, createDoctorClients, type DoctorClients } from './clients.js';
export type { Finding, Status } from './findings.js';
export { DoctorCallerError } from './organization.js';
export { type DoctorOptions, type DoctorReport, runDoctor } from './run.js';
