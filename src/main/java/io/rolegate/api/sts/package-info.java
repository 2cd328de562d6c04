/**
 * The STS actions (AssumeRole, AssumeRoleWithWebIdentity, GetSessionToken, GetFederationToken,
 * GetCallerIdentity, GetAccessKeyInfo, DecodeAuthorizationMessage): validate the parameters, call the sts services, shape the
 * results. Same imports as {@code api}.
 */
package io.rolegate.api.sts;
