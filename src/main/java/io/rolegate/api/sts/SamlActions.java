package io.rolegate.api.sts;

import io.rolegate.api.ActionFamily;
import io.rolegate.api.ActionTable;
import io.rolegate.api.ApiRequest;
import io.rolegate.api.MemberShapes;
import io.rolegate.api.Params;
import io.rolegate.api.Result;
import io.rolegate.api.Validation;
import io.rolegate.credentials.IssuedSession;
import io.rolegate.sts.SamlRequest;
import io.rolegate.sts.SamlService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * AssumeRoleWithSAML: unsigned (the assertion is the credential). Shape validation with the STS model's constraints
 * (the assertion is never echoed in a ValidationError), then {@link SamlService}, then the result members in model
 * order.
 */
@ApplicationScoped
public class SamlActions implements ActionFamily {
    @Inject
    SamlService saml;

    @Override
    public void register(ActionTable t) {
        t.stsUnsigned("AssumeRoleWithSAML", this::assumeRoleWithSaml);
    }

    Result assumeRoleWithSaml(ApiRequest r) {
        Params p = r.params();
        Validation v = new Validation();
        StsActions.roleArn(p, v);
        v.string(p.get("PrincipalArn"), "principalArn", true, 20, 2048, StsActions.ARN);
        v.secret(p.get("SAMLAssertion"), "sAMLAssertion", true, 4, 100_000);
        List<String> policyArns = StsActions.policyArns(p, v);
        v.string(p.get("Policy"), "policy", false, 1, 2048, MemberShapes.POLICY_DOCUMENT);
        Integer duration = v.integer(p.get("DurationSeconds"), "durationSeconds", 900, 43_200);
        r.validated(v);
        SamlService.Outcome out = saml.assume(new SamlRequest(p.get("RoleArn"), p.get("PrincipalArn"),
                p.get("SAMLAssertion"), duration, p.get("Policy"), policyArns), r.facts());
        IssuedSession s = out.session();
        return Result.of()
                .put("Credentials", StsActions.credentials(s.credentials()))
                .put("AssumedRoleUser", Result.of()
                        .put("AssumedRoleId", s.claims().roleId() + ":" + s.claims().sessionName())
                        .put("Arn", s.claims().subject()))
                .put("PackedPolicySize", out.packedPolicySize())
                .put("Subject", out.assertion().subject())
                .put("SubjectType", out.assertion().subjectType())
                .put("Issuer", out.assertion().issuer())
                .put("Audience", out.assertion().recipient())
                .put("NameQualifier", out.nameQualifier())
                .put("SourceIdentity", s.claims().sourceIdentity());
    }
}
