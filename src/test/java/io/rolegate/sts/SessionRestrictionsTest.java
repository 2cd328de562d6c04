package io.rolegate.sts;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.Caller;
import io.rolegate.iam.PrincipalType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The docs/aws-behaviour.md §2.2 table of what temporary credentials may call, row by row. */
class SessionRestrictionsTest {
    static Caller caller(String kind) {
        if (kind.equals("LONG_TERM")) {
            return new Caller("111111111111", PrincipalType.User, "arn:aws:iam::111111111111:user/u",
                    "arn:aws:iam::111111111111:user/u", "AIDAEXAMPLE", "AKIAEXAMPLE", null, Map.of(), null);
        }
        Caller.SessionKind k = Caller.SessionKind.valueOf(kind);
        Instant t = Instant.parse("2026-11-25T12:00:00Z");
        Caller.SessionInfo s = new Caller.SessionInfo(k, null, null, "n", t, t.plusSeconds(900), null, Map.of(), Set.of(),
                0, null, null, List.of());
        PrincipalType type = switch (k) {
            case ASSUMED_ROLE, WEB_IDENTITY -> PrincipalType.AssumedRole;
            case FEDERATED_USER -> PrincipalType.FederatedUser;
            case SESSION_TOKEN -> PrincipalType.User;
        };
        return new Caller("111111111111", type, "arn:aws:sts::111111111111:x/n", "arn:x", "id", "ASIAEXAMPLE", null,
                Map.of(), s);
    }

    @ParameterizedTest(name = "{0} calls {1}:{2} -> {3}")
    @CsvSource({
            "LONG_TERM,      sts, GetSessionToken,    ok",
            "LONG_TERM,      iam, ListUsers,          ok",
            "ASSUMED_ROLE,   sts, AssumeRole,         ok",
            "ASSUMED_ROLE,   iam, ListUsers,          ok",
            "ASSUMED_ROLE,   sts, GetSessionToken,    AccessDenied: Cannot call GetSessionToken with session credentials",
            "ASSUMED_ROLE,   sts, GetFederationToken, AccessDenied: Cannot call GetFederationToken with session credentials",
            "SESSION_TOKEN,  sts, AssumeRole,         ok",
            "SESSION_TOKEN,  sts, GetCallerIdentity,  ok",
            "SESSION_TOKEN,  sts, GetAccessKeyInfo,   AccessDenied: User: arn:aws:sts::111111111111:x/n is not authorized to perform: sts:GetAccessKeyInfo",
            "SESSION_TOKEN,  iam, ListUsers,          InvalidClientTokenId: The security token included in the request is invalid.",
            "SESSION_TOKEN,  sts, GetSessionToken,    AccessDenied: Cannot call GetSessionToken with session credentials",
            "FEDERATED_USER, sts, GetCallerIdentity,  ok",
            "FEDERATED_USER, sts, AssumeRole,         AccessDenied: User: arn:aws:sts::111111111111:x/n is not authorized to perform: sts:AssumeRole",
            "FEDERATED_USER, iam, ListUsers,          AccessDenied: User: arn:aws:sts::111111111111:x/n is not authorized to perform: iam:ListUsers",
            "FEDERATED_USER, sts, GetFederationToken, AccessDenied: Cannot call GetFederationToken with session credentials",
    })
    void table(String kind, String service, String action, String expected) {
        Caller c = caller(kind);
        if (expected.equals("ok")) {
            SessionRestrictions.check(c, service, action, null);
            return;
        }
        AwsException e = assertThrows(AwsException.class, () -> SessionRestrictions.check(c, service, action, null));
        assertEquals(expected, e.code() + ": " + e.getMessage());
    }
}
