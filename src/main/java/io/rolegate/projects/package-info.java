/**
 * The reference downstream service "projects" (the seed's Monitron): projects with a name, an owner account and an
 * optional resource policy, served under {@code /projects} when {@code rolegate.projects.enabled=true}. Clients sign
 * their requests with SigV4 for service {@code monitron}; the service forwards each request to the gateway's public
 * {@code POST /v1/authorize} over HTTP, signed with its own credentials, and answers as an AWS REST-JSON service.
 *
 * <p>It talks to the gateway only over HTTP, as a service in any language would: it may import store (its own
 * {@code ProjectStore}), model, sigv4 (the pure signer) and error, never api, authz, iam or sts (ArchitectureTest).
 */
package io.rolegate.projects;
