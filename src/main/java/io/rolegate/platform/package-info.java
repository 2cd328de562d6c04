/**
 * Process-wide infrastructure: the CDI producers of the injected {@link java.time.Clock} and
 * {@link java.security.SecureRandom} (a per-thread DRBG). Imports no Rolegate package and no package imports it; beans
 * receive what it produces by injection.
 */
package io.rolegate.platform;
