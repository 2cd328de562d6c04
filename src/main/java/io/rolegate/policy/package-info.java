/**
 * The IAM policy language: parsing and validation with IAM's exact messages, and the pure evaluation function
 * ({@link io.rolegate.policy.PolicyEngine#evaluate}) returning a {@link io.rolegate.policy.Decision} with its reasons.
 *
 * <p>Pure: the JDK, Jackson, model and error only.
 */
package io.rolegate.policy;
