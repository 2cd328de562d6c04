/**
 * The SSO portal's pages (issue 10): the quarkus-oidc tenant of each sign-in, the server-rendered Qute pages and
 * their security headers. An HTTP edge like {@code api}: it may use what api may use; no package uses it.
 */
package io.rolegate.web;
