package io.rolegate.api;

import io.rolegate.audit.ApiCall;
import io.rolegate.audit.AuditTrail;
import io.rolegate.audit.UserIdentities;
import io.rolegate.authz.AuthorizeItem;
import io.rolegate.authz.DownstreamAnswer;
import io.rolegate.authz.DownstreamCall;
import io.rolegate.error.AwsException;
import io.rolegate.iam.Caller;
import io.rolegate.model.Arn;
import io.rolegate.sigv4.HttpRequestParts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The edges' one call into the audit trail: a Query or JSON call, answered or refused, as an {@link ApiCall}. */
@ApplicationScoped
public class CallAudit {
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([A-Za-z0-9]{1,128})/");
    /** The parameter naming the entity an IAM or STS action acts on, and its CloudTrail resource type. */
    private static final List<String[]> RESOURCE_PARAMETERS = List.of(
            new String[]{"RoleArn", "AWS::IAM::Role"}, new String[]{"RoleName", "AWS::IAM::Role"},
            new String[]{"UserName", "AWS::IAM::User"}, new String[]{"GroupName", "AWS::IAM::Group"},
            new String[]{"PolicyArn", "AWS::IAM::Policy"}, new String[]{"AccessKeyId", "AWS::IAM::AccessKey"},
            new String[]{"OpenIDConnectProviderArn", "AWS::IAM::OIDCProvider"});

    /** Rolegate's own API (no AWS service has /v1/authorize). */
    static final String AUTHORIZE_SOURCE = "rolegate.io";

    @Inject
    AuditTrail trail;

    /** What a Query call was: its parts as far as the gateway got before answering or refusing. */
    record QueryCall(ActionTable.Service service, String action, Params params, Caller caller, HttpRequestParts http,
                     String sourceIp, String region, Instant time, String requestId) {
    }

    /** Completes once the call's events are durable ({@link AuditTrail#recordAsync}): only then may it be answered. */
    CompletableFuture<Void> answered(QueryCall c, Result result) {
        ApiCall call = call(c).response(AuditShapes.elements(result));
        Map<String, Object> web = c.caller() == null ? webIdentity(result) : null;
        return trail.recordAsync(web == null ? call : call.identity(web));
    }

    /** As {@link #answered}; a refusal for the caller's rate completes at once (its event is written later). */
    CompletableFuture<Void> refused(QueryCall c, AwsException e) {
        return trail.recordAsync(refusal(c, e));
    }

    /**
     * A signed call refused for its caller's rate is recorded in the caller's account only, even when it names a role
     * of another account: that account took no part in the refusal, and a tenant over its limit must not fill another
     * tenant's trail (README "Audit trail").
     */
    private ApiCall refusal(QueryCall c, AwsException e) {
        boolean callersOwn = e instanceof ThrottledException && c.caller() != null;
        return call(c, !callersOwn).error(e.code().code(), e.getMessage());
    }

    private ApiCall call(QueryCall c) {
        return call(c, true);
    }

    private ApiCall call(QueryCall c, boolean resourceAccountSees) {
        ApiCall call = ApiCall.of(c.service().prefix + ".amazonaws.com", c.action(), c.requestId(), c.time())
                .from(c.sourceIp(), header(c.http(), "user-agent"))
                .region(c.region())
                .caller(c.caller())
                .request(AuditShapes.parameters(c.params()));
        if (c.caller() == null) {
            call.accessKeyId(signedKeyId(c.http(), c.params()));
        }
        if (c.params() != null) {
            for (String[] rp : RESOURCE_PARAMETERS) {
                String v = c.params().get(rp[0]);
                if (v != null) {
                    call.resource(rp[1], v);
                    break;
                }
            }
            String roleArn = c.params().get("RoleArn");
            String roleAccount = roleArn == null ? null : Arn.parse(roleArn).map(Arn::account).orElse(null);
            if (resourceAccountSees && roleAccount != null && Arn.isAccountId(roleAccount)) {
                // AssumeRole into another account: that account sees the call too; unsigned calls belong to it
                call.resourceAccount(roleAccount);
            }
        }
        return call;
    }

    /** AssumeRoleWithWebIdentity's caller as its answer names it (provider and subject), else unknown. */
    private static Map<String, Object> webIdentity(Result result) {
        if (result == null || result.get("Provider") == null) {
            return null;
        }
        return UserIdentities.webIdentity(String.valueOf(result.get("Provider")),
                String.valueOf(result.get("SubjectFromWebIdentityToken")));
    }

    private static String signedKeyId(HttpRequestParts http, Params params) {
        String auth = header(http, "authorization");
        if (auth != null) {
            Matcher m = CREDENTIAL.matcher(auth);
            return m.find() ? m.group(1) : null;
        }
        String credential = params == null ? null : params.get("X-Amz-Credential");
        int slash = credential == null ? -1 : credential.indexOf('/');
        return slash > 0 && slash <= 128 ? credential.substring(0, slash) : null;
    }

    static String header(HttpRequestParts http, String name) {
        if (http == null) {
            return null;
        }
        List<String> v = http.headers().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** /v1/authorize and /batch: the asking service's account sees it, and the forwarded signer's account too. */
    void authorize(String action, Caller service, HttpRequestParts http, String sourceIp, Instant time,
                   String requestId, DownstreamCall asked, DownstreamAnswer answer, AwsException refusal) {
        ApiCall call = ApiCall.of(AUTHORIZE_SOURCE, action, requestId, time).from(sourceIp, header(http, "user-agent"))
                .caller(service).readOnly(true);
        if (service == null) {
            call.accessKeyId(signedKeyId(http, null));
        }
        if (asked != null) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (AuthorizeItem i : asked.items()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("action", i.action());
                item.put("resource", i.resource());
                items.add(item);
            }
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("items", items);
            parameters.put("deriveSigningKey", asked.deriveSigningKey());
            call.request(parameters);
        }
        if (answer != null) {
            Map<String, Object> elements = new LinkedHashMap<>();
            elements.put("authenticated", answer.authenticated());
            if (answer.principal() != null) {
                elements.put("principalArn", answer.principal().arn());
                call.resourceAccount(answer.principal().accountId());
            }
            if (answer.error() != null) {
                elements.put("errorCode", answer.error().code());
            }
            List<Map<String, Object>> decisions = new ArrayList<>();
            for (DownstreamAnswer.ItemDecision d : answer.decisions() == null
                    ? List.<DownstreamAnswer.ItemDecision>of() : answer.decisions()) {
                Map<String, Object> decision = new LinkedHashMap<>();
                decision.put("action", d.action());
                decision.put("resource", d.resource());
                decision.put("decision", d.decision());
                decisions.add(decision);
            }
            elements.put("decisions", decisions);
            call.response(elements);
        }
        if (refusal != null) {
            call.error(refusal.code().code(), refusal.getMessage());
        }
        trail.record(call);
    }
}
