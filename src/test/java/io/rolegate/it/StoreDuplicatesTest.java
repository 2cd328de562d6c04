package io.rolegate.it;

import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.model.Group;
import io.rolegate.model.ManagedPolicy;
import io.rolegate.model.OidcProvider;
import io.rolegate.model.Role;
import io.rolegate.model.User;
import io.rolegate.store.GroupStore;
import io.rolegate.store.ManagedPolicyStore;
import io.rolegate.store.OidcProviderStore;
import io.rolegate.store.RoleStore;
import io.rolegate.store.Transactions;
import io.rolegate.store.UserStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stores say "already exists" themselves (the race a concurrent create can win after the service's existence
 * check): a second insert under a taken unique key answers false inside a transaction and writes nothing, so the
 * services never look at SQL states.
 */
@QuarkusTest
class StoreDuplicatesTest {
    private static final Instant NOW = Instant.parse("2024-01-01T00:00:00Z");

    @Inject
    Transactions tx;
    @Inject
    UserStore users;
    @Inject
    RoleStore roles;
    @Inject
    GroupStore groups;
    @Inject
    ManagedPolicyStore policies;
    @Inject
    OidcProviderStore providers;

    private static String id(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 17).toUpperCase();
    }

    /** The first insert succeeds; a second one under the same unique key (another id) answers false, in a transaction. */
    private <T> void secondInsertIsRefused(T first, T clash, Predicate<T> insert) {
        assertTrue(tx.inTransaction(() -> insert.test(first)));
        assertFalse(tx.inTransaction(() -> insert.test(clash)));
    }

    @Test
    void userNamesAreUniquePerAccountIgnoringCase() {
        String name = "dup-" + UUID.randomUUID();
        User first = new User(id("AIDA"), Aws.ALPHA, name, "/", false, null, NOW);
        secondInsertIsRefused(first, new User(id("AIDA"), Aws.ALPHA, name.toUpperCase(), "/", false, null, NOW),
                users::insertIfAbsent);
        assertEquals(first.userId(), users.findByName(Aws.ALPHA, name).orElseThrow().userId());
    }

    @Test
    void roleNamesAreUniquePerAccount() {
        String name = "dup-" + UUID.randomUUID();
        Role first = new Role(id("AROA"), Aws.ALPHA, name, "/", TestRoles.TRUST, null, 3600, null, NOW, null, null);
        secondInsertIsRefused(first,
                new Role(id("AROA"), Aws.ALPHA, name, "/x/", TestRoles.TRUST, null, 3600, null, NOW, null, null),
                roles::insertIfAbsent);
        assertEquals("/", roles.findByName(Aws.ALPHA, name).orElseThrow().path());
    }

    @Test
    void groupNamesAreUniquePerAccount() {
        String name = "dup-" + UUID.randomUUID();
        secondInsertIsRefused(new Group(id("AGPA"), Aws.ALPHA, name, "/", NOW),
                new Group(id("AGPA"), Aws.ALPHA, name, "/x/", NOW), groups::insertIfAbsent);
        assertEquals("/", groups.findByName(Aws.ALPHA, name).orElseThrow().path());
    }

    @Test
    void policyNamesAreUniquePerAccount() {
        String name = "dup-" + UUID.randomUUID();
        String arn = "arn:aws:iam::" + Aws.ALPHA + ":policy/" + name;
        secondInsertIsRefused(new ManagedPolicy(id("ANPA"), Aws.ALPHA, arn, name, "/", "first", "v1", 2, NOW, NOW, 0, 0),
                new ManagedPolicy(id("ANPA"), Aws.ALPHA, arn + "-2", name, "/", "second", "v1", 2, NOW, NOW, 0, 0),
                policies::insertIfAbsent);
        assertEquals("first", policies.findByName(Aws.ALPHA, name).orElseThrow().description());
    }

    @Test
    void providerUrlsAreUniquePerAccount() {
        String url = "dup-" + UUID.randomUUID() + ".example.com";
        String arn = "arn:aws:iam::" + Aws.ALPHA + ":oidc-provider/" + url;
        secondInsertIsRefused(new OidcProvider(arn, Aws.ALPHA, url, List.of("a"), List.of(), NOW),
                new OidcProvider(arn + "/other", Aws.ALPHA, url, List.of("b"), List.of(), NOW),
                providers::insertIfAbsent);
        assertEquals(List.of("a"), providers.findByUrl(Aws.ALPHA, url).orElseThrow().clientIds());
    }
}
