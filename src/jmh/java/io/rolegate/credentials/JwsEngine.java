package io.rolegate.credentials;

/**
 * Which crypto code signs and verifies ES256 (the benchmark compares them; see docs/benchmarks.md). EdDSA always uses
 * BouncyCastle's lightweight API (nimbus' Ed25519 classes need Google Tink); RS256 always uses nimbus on the JDK
 * provider (RSA is not faster on BouncyCastle).
 */
public enum JwsEngine {
    /** BouncyCastle lightweight API, custom nimbus JWSSigner/JWSVerifier. Default: fastest measured. */
    BOUNCY_CASTLE,
    /** nimbus ECDSASigner/ECDSAVerifier with the BouncyCastle JCA provider. */
    NIMBUS_BC_PROVIDER,
    /** nimbus on the JDK's SunEC provider: the slow path, for comparison only. */
    NIMBUS_JDK
}
