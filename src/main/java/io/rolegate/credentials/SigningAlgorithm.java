package io.rolegate.credentials;

import com.nimbusds.jose.JWSAlgorithm;

/** Session-token signature algorithms a key ring can use. See docs/benchmarks.md for why ES256 is the default. */
public enum SigningAlgorithm {
    /** ECDSA P-256 / SHA-256: verifiable by every JWT library; signed and verified with BouncyCastle. The default. */
    ES256(JWSAlgorithm.ES256),
    /** Ed25519 (RFC 8037 "EdDSA"): fastest signing, but not every JWT library verifies it. */
    EDDSA(JWSAlgorithm.EdDSA),
    /** RSA-2048 PKCS#1 v1.5: universal, but signing is slow (~700/s per core); for verifiers that know only RSA. */
    RS256(JWSAlgorithm.RS256);

    private final JWSAlgorithm jwsAlgorithm;

    SigningAlgorithm(JWSAlgorithm jwsAlgorithm) {
        this.jwsAlgorithm = jwsAlgorithm;
    }

    public JWSAlgorithm jwsAlgorithm() {
        return jwsAlgorithm;
    }
}
