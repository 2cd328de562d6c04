/**
 * The audit trail (README "Audit trail"): every API call and every denial as a CloudTrail-shaped event, written
 * durably before the reply ({@link io.rolegate.audit.AuditTrail}), hash-chained per account, digested hourly under a
 * published signing key, readable through CloudTrail's LookupEvents and exportable as JSON lines; and
 * {@link io.rolegate.audit.VerifyTrail}, the offline verification command. Used by the edges (api, web) and sso;
 * uses iam, credentials, store, model and error. The operator commands (cli) reach it only through iam's
 * {@code OperatorEvents}, which {@link io.rolegate.audit.OperatorTrail} implements.
 */
package io.rolegate.audit;
