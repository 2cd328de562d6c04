/**
 * The IAM actions (one class per entity family: users, access keys, groups, roles, inline and managed policies,
 * OIDC providers): validate the parameters, call the iam services, shape the results. Same imports as {@code api}.
 */
package io.rolegate.api.iam;
