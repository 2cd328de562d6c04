package io.rolegate.iam;

import io.rolegate.model.Group;
import io.rolegate.model.InlinePolicy;
import io.rolegate.model.ManagedPolicy;
import io.rolegate.model.PolicyVersion;
import io.rolegate.model.Role;
import io.rolegate.model.User;
import io.rolegate.model.Arns;
import io.rolegate.store.GroupStore;
import io.rolegate.store.InlinePolicyStore;
import io.rolegate.store.ManagedPolicyStore;
import io.rolegate.store.RoleStore;
import io.rolegate.store.UserStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What EffectivePolicies gathers for a user in two groups and for a role, and that warm lookups read no store. */
class EffectivePoliciesTest {
    static final String ACCT = "111111111111";
    static final Instant T = Instant.parse("2026-11-25T12:00:00Z");
    static final String DOC = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"%s\",\"Resource\":\"*\"}]}";

    static String doc(String action) {
        return String.format(DOC, action);
    }

    static ManagedPolicy managed(String id, String name, String defaultVersion) {
        return new ManagedPolicy(id, ACCT, Arns.policy(ACCT, "/", name), name, "/", null, defaultVersion, 3, T, T, 1, 0);
    }

    final AtomicInteger storeCalls = new AtomicInteger();
    final User alice = new User("AIDAALICE000000000001", ACCT, "alice", "/", false, Arns.policy(ACCT, "/", "Boundary"), T);
    final Group devs = new Group("AGPADEVS0000000000001", ACCT, "devs", "/", T);
    final Group ops = new Group("AGPAOPS00000000000001", ACCT, "ops", "/eng/", T);
    final Role deployer = new Role("AROADEPLOYER000000001", ACCT, "deployer", "/", "{}", null, 3600, null, T, null, null);
    final ManagedPolicy m1 = managed("ANPAM1", "UserManaged", "v1");
    final ManagedPolicy m2 = managed("ANPAM2", "OpsManaged", "v1");
    final ManagedPolicy boundary = managed("ANPAB", "Boundary", "v2");
    EffectivePolicies effective;

    /** A store fake answering the named methods and counting every call. */
    @SuppressWarnings("unchecked")
    <T> T fake(Class<T> type, Map<String, Function<Object[], Object>> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            storeCalls.incrementAndGet();
            Function<Object[], Object> answer = answers.get(method.getName());
            if (answer == null) {
                throw new UnsupportedOperationException(method.getName());
            }
            return answer.apply(args);
        });
    }

    @BeforeEach
    void wire() {
        effective = new EffectivePolicies();
        effective.maxEntries = 1000;
        effective.createCaches();
        effective.users = fake(UserStore.class, Map.of("findById",
                a -> a[0].equals(alice.userId()) ? Optional.of(alice) : Optional.empty()));
        effective.roles = fake(RoleStore.class, Map.of("findById",
                a -> a[0].equals(deployer.roleId()) ? Optional.of(deployer) : Optional.empty()));
        effective.groups = fake(GroupStore.class, Map.of("groupsOf",
                a -> a[0].equals(alice.userId()) ? List.of(devs, ops) : List.of()));
        effective.inline = fake(InlinePolicyStore.class, Map.of("list", a -> switch ((String) a[0]) {
            case "AIDAALICE000000000001" -> List.of(new InlinePolicy("self", doc("iam:GetUser")));
            case "AGPADEVS0000000000001" -> List.of(new InlinePolicy("dev-inline", doc("s3:GetObject")));
            case "AROADEPLOYER000000001" -> List.of(new InlinePolicy("deploy", doc("ec2:*")));
            default -> List.of();
        }));
        effective.managed = fake(ManagedPolicyStore.class, Map.of(
                "attachedTo", a -> switch ((String) a[0]) {
                    case "AIDAALICE000000000001", "AROADEPLOYER000000001" -> List.of(m1);
                    case "AGPAOPS00000000000001" -> List.of(m2);
                    default -> List.of();
                },
                "findVersion", a -> Optional.of(new PolicyVersion((String) a[0], (String) a[1],
                        doc("svc:" + a[0] + "-" + a[1]), T)),
                "findByArn", a -> a[0].equals(boundary.arn()) ? Optional.of(boundary) : Optional.empty()));
    }

    @Test
    void userInTwoGroups() {
        EffectivePolicies.NamedPolicies p = effective.forUser(alice.userId()).orElseThrow();
        assertEquals("arn:aws:iam::111111111111:user/alice", p.principalArn());
        List<String> described = p.identity().stream()
                .map(n -> n.source() + " " + n.name() + " " + n.arn() + " on " + n.ownerArn()).toList();
        assertEquals(List.of(
                "INLINE self null on arn:aws:iam::111111111111:user/alice",
                "MANAGED UserManaged arn:aws:iam::111111111111:policy/UserManaged on arn:aws:iam::111111111111:user/alice",
                "INLINE dev-inline null on arn:aws:iam::111111111111:group/devs",
                "MANAGED OpsManaged arn:aws:iam::111111111111:policy/OpsManaged on arn:aws:iam::111111111111:group/eng/ops"),
                described);
        // the compiled documents are the stored text, and managed ones come from the default version
        assertEquals(doc("iam:GetUser"), p.identity().get(0).policy().document());
        assertEquals(doc("svc:ANPAM2-v1"), p.identity().get(3).policy().document());
        assertEquals("v1", p.identity().get(3).versionId());
        assertEquals("arn:aws:iam::111111111111:policy/Boundary", p.boundary().arn());
        assertEquals("v2", p.boundary().versionId());
        assertEquals(doc("svc:ANPAB-v2"), p.boundary().policy().document());
    }

    @Test
    void theEngineSetCarriesTheSamePoliciesNamedByArnOrName() {
        PrincipalPolicies.Set set = effective.ofUser(alice.userId());
        assertEquals(List.of("self", "arn:aws:iam::111111111111:policy/UserManaged", "dev-inline",
                "arn:aws:iam::111111111111:policy/OpsManaged"), set.identity().stream().map(p -> p.name()).toList());
        assertEquals("arn:aws:iam::111111111111:policy/Boundary", set.boundary().name());
        assertSame(PrincipalPolicies.Set.EMPTY, effective.ofUser("AIDANOBODY"));
    }

    @Test
    void sessionPoliciesAreTheInlineOneAndTheDefaultVersionsOfTheArns() {
        Caller.SessionInfo session = new Caller.SessionInfo(Caller.SessionKind.ASSUMED_ROLE, deployer.roleId(),
                deployer.arn(), "s", T, T.plusSeconds(3600), null, Map.of(), java.util.Set.of(), 0, null,
                doc("s3:GetObject"), List.of(boundary.arn()));
        List<io.rolegate.policy.Policy> policies = effective.sessionPolicies(session);
        assertEquals(List.of(doc("s3:GetObject"), doc("svc:ANPAB-v2")),
                policies.stream().map(io.rolegate.policy.Policy::document).toList());
        int calls = storeCalls.get();
        assertSame(policies, effective.sessionPolicies(session));
        assertEquals(calls, storeCalls.get());
        Caller.SessionInfo gone = new Caller.SessionInfo(Caller.SessionKind.ASSUMED_ROLE, deployer.roleId(),
                deployer.arn(), "s", T, T.plusSeconds(3600), null, Map.of(), java.util.Set.of(), 0, null,
                null, List.of(Arns.policy(ACCT, "/", "Deleted")));
        // a deleted session policy still narrows the session: it is replaced by one that allows nothing
        List<io.rolegate.policy.Policy> narrowed = effective.sessionPolicies(gone);
        assertEquals(1, narrowed.size());
        io.rolegate.policy.Decision d = io.rolegate.policy.PolicyEngine.evaluate(io.rolegate.policy.AuthorizationRequest
                .builder(io.rolegate.policy.PrincipalIdentity.roleSession(ACCT, deployer.arn(),
                        Arns.assumedRole(ACCT, deployer.roleName(), "s")), "s3:GetObject", "*")
                .identityPolicies(List.of(io.rolegate.policy.Policy.compile(io.rolegate.policy.PolicyKind.INLINE_IDENTITY, "all",
                        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}")))
                .sessionPolicies(narrowed).build());
        assertEquals(io.rolegate.policy.Decision.Outcome.IMPLICIT_DENY, d.outcome());
    }

    @Test
    void roleHasInlineAttachedAndNoBoundary() {
        EffectivePolicies.NamedPolicies p = effective.forRole(deployer.roleId()).orElseThrow();
        assertEquals(List.of("deploy", "UserManaged"), p.identity().stream().map(EffectivePolicies.NamedPolicy::name).toList());
        assertNull(p.boundary());
        assertTrue(effective.forRole("AROANOBODY").isEmpty());
        assertTrue(effective.forUser("AIDANOBODY").isEmpty());
    }

    @Test
    void warmLookupsReadNoStoreUntilAChangeIsCommitted() {
        EffectivePolicies.NamedPolicies first = effective.forUser(alice.userId()).orElseThrow();
        int afterLoad = storeCalls.get();
        assertTrue(afterLoad > 0);
        assertSame(first, effective.forUser(alice.userId()).orElseThrow());
        assertEquals(afterLoad, storeCalls.get());
        effective.storeChanged(List.of(io.rolegate.store.Change.of(io.rolegate.store.Change.Kind.USER, alice.userId())), false);
        effective.forUser(alice.userId()).orElseThrow();
        assertTrue(storeCalls.get() > afterLoad);
    }

    @Test
    void aMissingBoundaryPolicyFailsInsteadOfWideningAccess() {
        User bounded = new User("AIDABOUNDED", ACCT, "bounded", "/", false, Arns.policy(ACCT, "/", "Gone"), T);
        effective.users = fake(UserStore.class, Map.of("findById", a -> Optional.of(bounded)));
        assertThrows(IllegalStateException.class, () -> effective.forUser("AIDABOUNDED"));
    }
}
