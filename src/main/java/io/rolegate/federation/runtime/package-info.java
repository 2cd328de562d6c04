/**
 * The Quarkus face of federation: reads {@code rolegate.oidc.*} configuration, owns the per-issuer key sources
 * and publishes their metrics (CDI, MicroProfile Config, Micrometer). May import federation, credentials and error;
 * imported by sts and api only.
 */
package io.rolegate.federation.runtime;
