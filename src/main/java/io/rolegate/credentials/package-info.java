/**
 * Credentials: identifiers (AKIA/ASIA access key ids with the account embedded, IAM unique ids), secrets,
 * encryption at rest ({@link io.rolegate.credentials.SecretBox}), and temporary credentials whose session token is a
 * signed JWT. Pure Java + nimbus-jose-jwt + BouncyCastle; time and randomness are injected.
 *
 * <p>Temporary credentials need no database: the token (signed by the ring's ACTIVE key) carries the claims, and the
 * secret is an HMAC of the token's access key id and jti under the server-held session secret key
 * ({@link io.rolegate.credentials.SessionSecrets}). Any replica with the public keys and that key can verify a SigV4
 * request made with the credentials.
 *
 * <p>Failure semantics: {@link io.rolegate.error.AwsException} (InvalidClientTokenId / ExpiredToken) is the caller's
 * problem; {@link io.rolegate.credentials.SecretBoxException}, IllegalArgumentException and IllegalStateException are
 * ours (corrupt stored data, bad configuration, programming errors) and map to InternalFailure.
 *
 * <p>Pure: the JDK, nimbus-jose-jwt, BouncyCastle, model and error only; imported by api, sts, federation and iam.
 */
package io.rolegate.credentials;
