/**
 * Operator commands in the gateway's own jar ({@code java -jar quarkus-run.jar <command>}): accounts, break-glass
 * admin keys, sessions, master-key rotation, backup and restore, run against the deployment's store with the same
 * configuration as the gateway and safe while it runs. With no arguments the jar starts the gateway. The top layer
 * beside api: it uses iam, store, credentials, model and error; nothing uses it.
 */
package io.rolegate.cli;
