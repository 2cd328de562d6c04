/**
 * IAM use cases: accounts and bootstrap, users, access keys, groups, roles, inline and managed policies, OIDC
 * providers, tags, pagination, the caches that read principals and policies, and authorization of IAM actions through
 * the policy engine.
 *
 * <p>May import policy, credentials, sigv4, store, model and error (and CDI); imported by sts and api. Knows no SQL:
 * the stores answer "already exists" themselves.
 */
package io.rolegate.iam;
