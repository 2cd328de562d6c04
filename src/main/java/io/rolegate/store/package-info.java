/**
 * Persistence: small store interfaces with JDBC implementations (H2 embedded by default, PostgreSQL), transactions,
 * the memory cache kept coherent with the store version, the data directory and the master key file.
 * The only package that talks SQL; stores report "already exists" as a false return, never as a SQL state.
 *
 * <p>May import model and error (and JDBC, Agroal, CDI); imported by iam, sts and api.
 */
package io.rolegate.store;
