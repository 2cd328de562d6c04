/**
 * Validation of external OIDC web identity tokens: the issuer's keys fetched behind an address guard (no private
 * or loopback targets unless allowed) with size and time limits and cached as nimbus key sources, TLS trust with
 * optional thumbprint pinning, and the claims AWS maps into a session.
 *
 * <p>Pure: the JDK, nimbus-jose-jwt, Caffeine, BouncyCastle, credentials and error; no Quarkus, CDI, JAX-RS, JDBC,
 * Vert.x, MicroProfile or Micrometer (their face is {@code federation.runtime}). Imported by sts and api only; it finds
 * providers through its own {@link io.rolegate.federation.ProviderLookup}, so it never imports sts or iam.
 */
package io.rolegate.federation;
