/**
 * The entity records shared by iam and store (accounts, users, access keys, groups, roles, tags, inline and managed
 * policies with their versions and usage, OIDC providers) and the ARNs built from them.
 *
 * <p>Plain data: imports only the JDK and error. Every layer above may import it; it sits below store so that the
 * stores and their callers share it without a package cycle.
 */
package io.rolegate.model;
