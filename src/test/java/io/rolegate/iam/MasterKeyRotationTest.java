package io.rolegate.iam;

import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.model.SsoClient;
import io.rolegate.model.SsoGrant;
import io.rolegate.model.SsoToken;
import io.rolegate.store.DataDirectory;
import io.rolegate.store.MasterKeyFile;
import io.rolegate.store.SealedColumn;
import io.rolegate.store.SealedValueStore;
import io.rolegate.store.Sql;
import io.rolegate.store.SsoStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The master-key rotation covers every sealed column of the schema, the SSO ID tokens included: after a rotation to a
 * new key, each stored value opens with the new key alone. The test rotates back to the gateway's key at the end.
 */
@QuarkusTest
class MasterKeyRotationTest {
    @Inject
    SealedValueStore sealed;
    @Inject
    SsoStore sso;
    @Inject
    Secrets secrets;
    @Inject
    MasterKeyFile keyFile;
    @Inject
    DataDirectory dataDir;
    @Inject
    Sql sql;
    @Inject
    Clock clock;
    @Inject
    SecureRandom random;

    @Test
    void everySealedColumnOfTheSchemaIsRotated() {
        Set<String> schema = sql.list("SELECT table_name, column_name FROM information_schema.columns "
                        + "WHERE LOWER(column_name) LIKE '%sealed%' AND LOWER(table_schema) = 'public'",
                rs -> rs.getString(1).toLowerCase(Locale.ROOT) + "." + rs.getString(2).toLowerCase(Locale.ROOT))
                .stream().filter(c -> !c.startsWith("master_key_rotation.")) // the rotation's own progress
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> rotated = Arrays.stream(SealedColumn.values()).map(SealedColumn::qualifiedName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(schema, rotated);
    }

    @Test
    void ssoIdTokensAreResealedAndOpenUnderTheNewKeyAlone() {
        String idToken = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyb3RhdGVkIn0.c2ln";
        Instant now = clock.instant();
        String clientId = "rgc-rotation-" + random.nextInt(1_000_000);
        sso.putClient(new SsoClient(clientId, "0".repeat(64), "rotation", null, List.of(), List.of("refresh_token"),
                List.of(), now, now.plus(Duration.ofHours(1))));
        String tokenHash = hex(), refreshHash = hex(), grantHash = hex(), pendingHash = hex();
        sso.putToken(new SsoToken(tokenHash, refreshHash, clientId, "0123456789abcdef", List.of(),
                secrets.seal(idToken, tokenHash), now, now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(8))));
        sso.putGrant(new SsoGrant(grantHash, SsoGrant.Kind.CODE, clientId, "0123456789abcdef", null,
                "http://127.0.0.1/cb", null, "c", List.of(), secrets.seal(idToken, grantHash), null,
                now.plus(Duration.ofMinutes(5))));
        // a device grant nobody approved yet holds no ID token: the rotation passes over it
        sso.putGrant(new SsoGrant(pendingHash, SsoGrant.Kind.DEVICE, clientId, "0123456789abcdef", hex(), null, null,
                null, List.of(), null, null, now.plus(Duration.ofMinutes(5))));

        String oldKey = keyFile.encoded();
        String newKey = newKey();
        MasterKeyRotation.Result result = rotation(newKey, oldKey).run(2, 0);
        try {
            assertTrue(result.complete(), result.toString());
            for (String column : List.of("sso_tokens.sealed_id_token", "sso_grants.sealed_id_token")) {
                assertTrue(result.columns().stream().anyMatch(c -> c.column().equals(column) && c.done()
                        && c.resealedThisRun() >= 1), column + " not rotated: " + result);
            }
            Secrets newOnly = secrets(newKey, null);
            assertEquals(idToken, newOnly.open(sso.token(tokenHash).orElseThrow().sealedIdToken(), tokenHash));
            assertEquals(idToken, newOnly.open(sso.grant(grantHash).orElseThrow().sealedIdToken(), grantHash));
            for (SealedColumn c : SealedColumn.values()) {
                for (SealedValueStore.SealedRow row : sealed.rowsAfter(c, null, 10_000)) {
                    newOnly.open(row.sealed(), MasterKeyRotation.aad(c, row.key())); // throws if left behind
                }
            }
        } finally {
            // back to the key the running gateway holds
            assertTrue(rotation(oldKey, newKey).run(100, 0).complete());
        }
        assertEquals(idToken, secrets.open(sso.token(tokenHash).orElseThrow().sealedIdToken(), tokenHash));
    }

    private MasterKeyRotation rotation(String key, String previous) {
        MasterKeyRotation r = new MasterKeyRotation();
        r.store = sealed;
        r.secrets = secrets(key, previous);
        r.keyFile = keyFile;
        r.tx = sql;
        r.clock = clock;
        return r;
    }

    private Secrets secrets(String key, String previous) {
        return new Secrets(random, new MasterKeyFile(Optional.of(key),
                Optional.ofNullable(previous).map(List::of), dataDir, random));
    }

    private String newKey() {
        byte[] k = new byte[32];
        random.nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    private String hex() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }
}
