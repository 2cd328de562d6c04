/**
 * Use cases of the Security Token Service: minting role and user sessions, web identity federation against the
 * registered OIDC providers, and session restrictions (the session-token keys live in iam.SessionKeys).
 *
 * <p>May import federation, iam, policy, credentials, sigv4, store, model and error (and CDI); only api imports it.
 */
package io.rolegate.sts;
