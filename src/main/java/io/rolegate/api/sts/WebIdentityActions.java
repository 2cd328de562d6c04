package io.rolegate.api.sts;

import io.rolegate.api.ActionFamily;
import io.rolegate.api.ActionTable;
import io.rolegate.api.ApiRequest;
import io.rolegate.api.Params;
import io.rolegate.api.Result;
import io.rolegate.api.MemberShapes;
import io.rolegate.api.Validation;
import io.rolegate.credentials.IssuedSession;
import io.rolegate.sts.WebIdentityRequest;
import io.rolegate.sts.WebIdentityService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AssumeRoleWithWebIdentity: unsigned (the web identity token is the credential). Shape validation with the STS
 * model's constraints (docs/aws-behaviour.md §2.1; the token is never echoed in a ValidationError), then {@link
 * WebIdentityService}, then the result members in model order.
 */
@ApplicationScoped
public class WebIdentityActions implements ActionFamily {
    @Inject
    WebIdentityService webIdentity;

    @Override
    public void register(ActionTable t) {
        t.stsUnsigned("AssumeRoleWithWebIdentity", this::assumeRoleWithWebIdentity);
    }

    Result assumeRoleWithWebIdentity(ApiRequest r) {
        Params p = r.params();
        Validation v = new Validation();
        StsActions.roleArn(p, v);
        v.string(p.get("RoleSessionName"), "roleSessionName", true, 2, 64, StsActions.SESSION_NAME);
        v.secret(p.get("WebIdentityToken"), "webIdentityToken", true, 4, 20_000);
        v.string(p.get("ProviderId"), "providerId", false, 4, 2048, null);
        List<String> policyArns = StsActions.policyArns(p, v);
        v.string(p.get("Policy"), "policy", false, 1, 2048, MemberShapes.POLICY_DOCUMENT);
        Integer duration = v.integer(p.get("DurationSeconds"), "durationSeconds", 900, 43_200);
        r.validated(v);
        WebIdentityService.Outcome out = webIdentity.assume(new WebIdentityRequest(p.get("RoleArn"),
                p.get("RoleSessionName"), p.get("WebIdentityToken"), p.get("ProviderId"), duration, p.get("Policy"),
                policyArns), r.facts());
        IssuedSession s = out.session();
        return Result.of()
                .put("Credentials", StsActions.credentials(s.credentials()))
                .put("SubjectFromWebIdentityToken", out.identity().subject())
                .put("AssumedRoleUser", Result.of()
                        .put("AssumedRoleId", s.claims().roleId() + ":" + s.claims().sessionName())
                        .put("Arn", s.claims().subject()))
                .put("PackedPolicySize", out.packedPolicySize())
                .put("Provider", out.identity().providerArn())
                .put("Audience", out.identity().audience())
                .put("SourceIdentity", s.claims().sourceIdentity());
    }
}
