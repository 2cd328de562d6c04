/**
 * SSO login for people (issue 10), the use cases shared by the portal ({@code web}) and, later, the AWS SSO
 * protocols ({@code api}): which sign-ins exist, and which roles a signed-in person is offered, decided by the same
 * validation and trust evaluation as AssumeRoleWithWebIdentity ({@code sts.WebIdentityService},
 * {@code sts.RoleSessions}). May use sts, federation, iam and everything below them.
 */
package io.rolegate.sso;
