package io.rolegate.iam;

import io.rolegate.credentials.SessionClaims;
import io.rolegate.credentials.SessionGrant;
import io.rolegate.credentials.SessionKind;
import io.rolegate.model.SessionRevocation;
import io.rolegate.model.SessionRevocation.Kind;
import io.rolegate.store.RevocationStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each kind of revocation refuses, and that a warm check reads no store until a change drops the list. */
class RevokedSessionsTest {
    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    static final String ROLE_ID = "AROAEXAMPLEROLE00001";
    static final String USER_ID = "AIDAEXAMPLEUSER00001";

    static SessionClaims role(String keyId, String sessionName, Instant issuedAt) {
        SessionGrant g = SessionGrant.builder(SessionKind.ASSUMED_ROLE, "111111111111",
                        "arn:aws:sts::111111111111:assumed-role/Deploy/" + sessionName, Duration.ofHours(1))
                .role(ROLE_ID, "arn:aws:iam::111111111111:role/Deploy").sessionName(sessionName)
                .parentPrincipal("arn:aws:iam::111111111111:user/alice", USER_ID).build();
        return new SessionClaims("https://issuer", "rolegate", "jti-" + keyId, keyId, issuedAt, g, 1);
    }

    static SessionClaims federated(String name, Instant issuedAt) {
        SessionGrant g = SessionGrant.builder(SessionKind.FEDERATED_USER, "111111111111",
                        "arn:aws:sts::111111111111:federated-user/" + name, Duration.ofHours(1))
                .sessionName(name).parentPrincipal("arn:aws:iam::111111111111:user/alice", USER_ID).build();
        return new SessionClaims("https://issuer", "rolegate", "jti-" + name, "ASIAFED" + name, issuedAt, g, 1);
    }

    static SessionRevocation row(Kind kind, String subject, Instant issuedBefore) {
        return new SessionRevocation(kind, subject, "111111111111", issuedBefore, issuedBefore,
                issuedBefore.plus(Duration.ofHours(36)));
    }

    @Test
    void eachKindRefusesWhatItNames() {
        RevocationList list = new RevocationList(List.of(
                row(Kind.ACCESS_KEY, "ASIAREVOKED", T),
                row(Kind.SESSION_ARN, "arn:aws:sts::111111111111:assumed-role/deploy/job", T),
                row(Kind.USER, USER_ID, T)));
        assertTrue(list.refuses(role("ASIAREVOKED", "any", T.plusSeconds(60))), "a key id, whatever its issue time");
        assertTrue(list.refuses(role("ASIA1", "job", T.minusSeconds(1))), "the ARN, case-insensitively");
        assertFalse(list.refuses(role("ASIA2", "job", T)), "a session of that name issued at the mark");
        assertFalse(list.refuses(role("ASIA3", "other", T.minusSeconds(1))));
        assertTrue(list.refuses(federated("fed", T.minusSeconds(1))), "the user's federation token");
        assertFalse(list.refuses(federated("fed", T)));
        assertFalse(list.refuses(role("ASIA4", "x", T.minusSeconds(1))), "a role session minted by the user is the role's");

        RevocationList roles = new RevocationList(List.of(row(Kind.ROLE, ROLE_ID, T)));
        assertTrue(roles.refuses(role("ASIA5", "x", T.minusSeconds(1))));
        assertFalse(roles.refuses(role("ASIA6", "x", T)));
        assertFalse(roles.refuses(federated("fed", T.minusSeconds(1))));
    }

    @Test
    void aWarmCheckReadsNoStoreUntilAChange() {
        CountingStore store = new CountingStore();
        RevokedSessions revoked = new RevokedSessions();
        revoked.store = store;
        revoked.clock = Clock.fixed(T, ZoneOffset.UTC);
        SessionClaims s = role("ASIAKEY", "job", T.minusSeconds(10));
        assertFalse(revoked.refuses(s));
        assertFalse(revoked.refuses(s));
        assertEquals(1, store.loads, "one load, then memory");
        store.rows.add(row(Kind.ACCESS_KEY, "ASIAKEY", T));
        assertFalse(revoked.refuses(s), "not seen before the change is announced");
        revoked.storeChanged(List.of(io.rolegate.store.Change.of(io.rolegate.store.Change.Kind.REVOCATION, "ASIAKEY")), false);
        assertTrue(revoked.refuses(s));
        assertEquals(2, store.loads);
    }

    static final class CountingStore implements RevocationStore {
        final List<SessionRevocation> rows = new ArrayList<>();
        int loads;

        @Override
        public SessionRevocation revoke(SessionRevocation revocation) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<SessionRevocation> find(Kind kind, String subject) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SessionRevocation> live(Instant now) {
            loads++;
            return List.copyOf(rows);
        }

        @Override
        public boolean anyPrunable(Instant now) {
            return false;
        }

        @Override
        public int prune(Instant now) {
            return 0;
        }
    }
}
