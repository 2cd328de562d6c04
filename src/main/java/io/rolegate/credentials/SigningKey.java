package io.rolegate.credentials;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One signing key with its life-cycle state and times. {@link #jwk()} holds private material: store it only through
 * {@link #toJson()} sealed with {@link SecretBox}. {@link #toString()} never prints key material.
 *
 * @param activatedAt when it became ACTIVE (null while NEXT)
 * @param retiredAt   when it became RETIRED (null unless RETIRED)
 */
public record SigningKey(String kid, SigningAlgorithm algorithm, KeyState state, Instant createdAt, Instant activatedAt,
                         Instant retiredAt, JWK jwk) {

    public SigningKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(jwk, "jwk");
        if (!kid.equals(jwk.getKeyID())) {
            throw new IllegalArgumentException("kid does not match the JWK");
        }
        if (state == KeyState.ACTIVE && activatedAt == null) {
            throw new IllegalArgumentException("an ACTIVE key needs activatedAt");
        }
        if (state == KeyState.RETIRED && retiredAt == null) {
            throw new IllegalArgumentException("a RETIRED key needs retiredAt");
        }
    }

    /** The public half, as published in the JWKS. */
    public JWK publicJwk() {
        return jwk.toPublicJWK();
    }

    public SigningKey activate(Instant now) {
        return new SigningKey(kid, algorithm, KeyState.ACTIVE, createdAt, now, null, jwk);
    }

    public SigningKey retire(Instant now) {
        return new SigningKey(kid, algorithm, KeyState.RETIRED, createdAt, activatedAt, now, jwk);
    }

    /** JSON including the private key (nimbus JWK JSON under "jwk"). Seal before storing. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kid", kid);
        json.put("alg", algorithm.name());
        json.put("state", state.name());
        json.put("createdAt", createdAt.toString());
        if (activatedAt != null) {
            json.put("activatedAt", activatedAt.toString());
        }
        if (retiredAt != null) {
            json.put("retiredAt", retiredAt.toString());
        }
        json.put("jwk", jwk.toJSONObject());
        return JSONObjectUtils.toJSONString(json);
    }

    public static SigningKey fromJson(String json) {
        try {
            Map<String, Object> map = JSONObjectUtils.parse(json);
            String activated = JSONObjectUtils.getString(map, "activatedAt");
            String retired = JSONObjectUtils.getString(map, "retiredAt");
            return new SigningKey(
                    JSONObjectUtils.getString(map, "kid"),
                    SigningAlgorithm.valueOf(JSONObjectUtils.getString(map, "alg")),
                    KeyState.valueOf(JSONObjectUtils.getString(map, "state")),
                    Instant.parse(JSONObjectUtils.getString(map, "createdAt")),
                    activated == null ? null : Instant.parse(activated),
                    retired == null ? null : Instant.parse(retired),
                    JWK.parse(JSONObjectUtils.getJSONObject(map, "jwk")));
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException("not a stored signing key: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + ", " + algorithm + ", " + state + ", created=" + createdAt
                + ", activated=" + activatedAt + ", retired=" + retiredAt + "]";
    }
}
