package io.rolegate.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.util.Base64URL;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class SigningKeysTest {
    private static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
    private final SecureRandom random = new SecureRandom();
    private final SigningKeyFactory factory = new SigningKeyFactory(random);

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void storedJsonKeepsPrivateMaterialAndRoundTripsThroughSecretBox(SigningAlgorithm algorithm) {
        SigningKey key = factory.newKey(algorithm, Instant.parse("2026-11-25T00:00:00Z"))
                .activate(Instant.parse("2026-11-25T01:00:00Z"));
        String json = key.toJson();
        assertTrue(json.contains("\"d\""), "private material is stored");
        SecretBox box = new SecretBox(MasterKeys.generate(1, random), random);
        String sealed = box.sealString(json, "signing-key:" + key.kid());
        SigningKey back = SigningKey.fromJson(box.openString(sealed, "signing-key:" + key.kid()));
        assertEquals(key, back);
        assertTrue(back.jwk().isPrivate());
        assertEquals(algorithm.jwsAlgorithm(), JwsEngines.algorithmOf(back.jwk()));
        assertFalse(key.toString().contains(key.jwk().toJSONObject().get("d").toString()), "toString hides the key");
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void jwksNeverContainsPrivateParts(SigningAlgorithm algorithm) throws Exception {
        List<SigningKey> keys = KeyRotation.rotate(List.of(), Instant.parse("2026-11-25T00:00:00Z"),
                new RotationPolicy(algorithm, RotationPolicy.DEFAULT_ROTATION_PERIOD,
                        RotationPolicy.DEFAULT_PROPAGATION_DELAY, RotationPolicy.DEFAULT_MAX_SESSION_DURATION), factory);
        SigningKeyRing ring = SigningKeyRing.of(keys);
        String json = ring.publicJwksJson();
        JWKSet parsed = JWKSet.parse(json);
        assertEquals(2, parsed.getKeys().size());
        for (JWK jwk : parsed.getKeys()) {
            assertFalse(jwk.isPrivate());
            Map<String, Object> members = jwk.toJSONObject();
            for (String member : PRIVATE_MEMBERS) {
                assertFalse(members.containsKey(member), member + " leaked in " + json);
            }
            assertEquals(algorithm.jwsAlgorithm(), jwk.getAlgorithm());
            assertEquals("sig", jwk.getKeyUse().identifier());
        }
        for (SigningKey key : keys) {
            assertFalse(json.contains(key.jwk().toJSONObject().get("d").toString()));
        }
    }

    @Test
    void kidIsTheThumbprint() throws Exception {
        SigningKey key = factory.newKey(SigningAlgorithm.ES256, Instant.EPOCH);
        assertEquals(key.jwk().computeThumbprint().toString(), key.kid());
    }

    @Test
    void verifiersRefuseSymmetricAndWeakKeys() throws Exception {
        OctetSequenceKey hmac = new OctetSequenceKey.Builder(Base64URL.encode(new byte[32])).keyID("h").build();
        assertThrows(IllegalArgumentException.class, () -> VerificationKeys.of(List.of(hmac)));
        JWK rsa1024 = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(1024, true).keyID("weak").generate();
        assertThrows(IllegalArgumentException.class, () -> JwsEngines.algorithmOf(rsa1024));
        JWK p384 = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_384).keyID("p384").generate();
        assertThrows(IllegalArgumentException.class, () -> JwsEngines.algorithmOf(p384));
    }

    @Test
    void garbageStoredKeyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SigningKey.fromJson("{}"));
        assertThrows(IllegalArgumentException.class, () -> SigningKey.fromJson("not json"));
    }
}
