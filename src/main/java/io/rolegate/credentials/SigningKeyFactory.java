package io.rolegate.credentials;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/** Generates new NEXT keys; the kid is the RFC 7638 JWK thumbprint. The only randomness of key rotation. */
public final class SigningKeyFactory {
    private final SecureRandom random;

    public SigningKeyFactory(SecureRandom random) {
        this.random = Objects.requireNonNull(random);
    }

    /** A new key in state NEXT. */
    public SigningKey newKey(SigningAlgorithm algorithm, Instant createdAt) {
        JWK jwk = switch (algorithm) {
            case ES256 -> generate(new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
                    .algorithm(algorithm.jwsAlgorithm()).keyIDFromThumbprint(true).secureRandom(random));
            case RS256 -> generate(new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
                    .algorithm(algorithm.jwsAlgorithm()).keyIDFromThumbprint(true).secureRandom(random));
            case EDDSA -> ed25519();
        };
        return new SigningKey(jwk.getKeyID(), algorithm, KeyState.NEXT, createdAt, null, null, jwk);
    }

    // nimbus' OctetKeyPairGenerator needs Google Tink for Ed25519; BouncyCastle does it directly.
    private JWK ed25519() {
        Ed25519PrivateKeyParameters privateKey = new Ed25519PrivateKeyParameters(random);
        try {
            return new OctetKeyPair.Builder(Curve.Ed25519,
                    Base64URL.encode(privateKey.generatePublicKey().getEncoded()))
                    .d(Base64URL.encode(privateKey.getEncoded()))
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(SigningAlgorithm.EDDSA.jwsAlgorithm())
                    .keyIDFromThumbprint()
                    .build();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot build Ed25519 JWK", e);
        }
    }

    private static JWK generate(com.nimbusds.jose.jwk.gen.JWKGenerator<? extends JWK> generator) {
        try {
            return generator.generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate signing key", e);
        }
    }
}
