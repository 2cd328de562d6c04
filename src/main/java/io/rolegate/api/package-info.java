/**
 * The HTTP edge: the one Query endpoint ({@code POST /}, AWS Query protocol), the well-known JWKS and discovery
 * documents, SigV4 authentication of callers, request parsing and validation of the shared member shapes, the action
 * table, and the rendering of XML (and legacy JSON) responses and error envelopes.
 *
 * <p>The only package that builds HTTP responses. It may import sts, federation, iam, policy, credentials, sigv4,
 * store, model and error (and JAX-RS, CDI, Vert.x); nothing imports it.
 */
package io.rolegate.api;
