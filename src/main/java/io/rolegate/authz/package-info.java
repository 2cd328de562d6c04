/**
 * Verification and authorization of requests: SigV4 authentication of any credentials Rolegate issued (the gateway's
 * own endpoint and downstream services use the same {@link io.rolegate.authz.RequestAuthenticator}), and the use cases
 * of downstream services that ask whether a caller may act on one of their resources.
 *
 * <p>May import iam, policy, credentials, sigv4, store, model and error (and CDI); only api imports it.
 */
package io.rolegate.authz;
