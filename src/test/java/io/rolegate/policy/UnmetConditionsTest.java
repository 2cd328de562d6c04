package io.rolegate.policy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link PolicyEngine#unmetConditions}: which trust conditions refused a web identity, by operator and key only. */
class UnmetConditionsTest {
    static final String PROVIDER = "arn:aws:iam::111111111111:oidc-provider/idp.example.com/realms/acme";
    static final String ROLE = "arn:aws:iam::111111111111:role/deployer";
    static final String TRUST = """
            {"Version":"2012-10-17","Statement":[
             {"Effect":"Allow","Principal":{"Federated":"%s"},"Action":"sts:AssumeRoleWithWebIdentity",
              "Condition":{"StringEquals":{"idp.example.com/realms/acme:aud":"portal"},
                           "ForAnyValue:StringEquals":{"idp.example.com/realms/acme:groups":"auditors"}}},
             {"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111111111111:oidc-provider/other.example.com"},
              "Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"other.example.com:sub":"x*"}}}]}"""
            .formatted(PROVIDER);

    private static List<String> unmet(RequestContext ctx) {
        AuthorizationRequest r = AuthorizationRequest.builder(PrincipalIdentity.webIdentity(PROVIDER),
                        "sts:AssumeRoleWithWebIdentity", ROLE).context(ctx)
                .resourcePolicy(Policy.compile(PolicyKind.TRUST, "trust", TRUST), "111111111111").build();
        return PolicyEngine.unmetConditions(r);
    }

    @Test
    void namesTheFailedConditionsOfStatementsThatNameTheCallerOnly() {
        RequestContext readers = RequestContext.builder().put("idp.example.com/realms/acme:aud", "portal")
                .putMulti("idp.example.com/realms/acme:groups", List.of("readers")).build();
        // the other provider's statement (and its key) is not the caller's business
        assertEquals(List.of("ForAnyValue:StringEquals idp.example.com/realms/acme:groups"), unmet(readers));

        RequestContext wrongAudience = RequestContext.builder().put("idp.example.com/realms/acme:aud", "other").build();
        assertEquals(List.of("StringEquals idp.example.com/realms/acme:aud",
                "ForAnyValue:StringEquals idp.example.com/realms/acme:groups"), unmet(wrongAudience));

        RequestContext auditors = RequestContext.builder().put("idp.example.com/realms/acme:aud", "portal")
                .putMulti("idp.example.com/realms/acme:groups", List.of("auditors")).build();
        assertEquals(List.of(), unmet(auditors));
    }
}
