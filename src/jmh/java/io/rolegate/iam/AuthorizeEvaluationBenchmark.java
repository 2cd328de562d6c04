package io.rolegate.iam;

import io.rolegate.policy.AuthorizationRequest;
import io.rolegate.policy.Decision;
import io.rolegate.policy.Policy;
import io.rolegate.policy.PolicyEngine;
import io.rolegate.policy.PolicyKind;
import io.rolegate.policy.PrincipalIdentity;
import io.rolegate.policy.RequestContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The evaluation behind one downstream {@code POST /v1/authorize} (docs/benchmarks.md, issue 9 §4): a caller with
 * identity policies (two inline, two managed, one group's), a permissions boundary and a session policy asks for
 * {@code monitron:GetProject} on a project whose resource policy names it with a Principal and conditions; the context
 * has the keys the gateway builds for such a request ({@link RequestContexts#of}). Allowed in both scenarios.
 * <ul>
 * <li>{@code FEDERATED_SAME_ACCOUNT}: a GetFederationToken session of user alice (her policies, her boundary, the
 *     token's session policy), the project in her own account.</li>
 * <li>{@code ROLE_CROSS_ACCOUNT}: a session of role Dev in 111122223333 (the same five policies as the role's), the
 *     project in 222222222222 (the cross-account rule: identity side and resource policy must both allow).</li>
 * </ul>
 * {@code authorize} builds the context per call, as each HTTP request does (so dates and the IP are parsed per call);
 * {@code evaluateOnly} reuses one context (its parsed values cached). Both call {@link PolicyEngine#evaluate}, which
 * {@link AccessEvaluator} calls.
 * Run: bench/jmh.sh 'AuthorizeEvaluationBenchmark' -f 1 -wi 5 -w 2s -i 5 -r 2s [-prof gc]
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class AuthorizeEvaluationBenchmark {
    static final String ACCOUNT = "111122223333";
    static final String OTHER = "222222222222";
    static final String ACTION = "monitron:GetProject";

    @Param({"FEDERATED_SAME_ACCOUNT", "ROLE_CROSS_ACCOUNT"})
    public String scenario;

    Caller caller;
    RequestFacts facts;
    AuthorizationRequest.Builder request;
    RequestContext sharedContext;
    AuthorizationRequest sharedRequest;

    @Setup
    public void setup() {
        boolean cross = scenario.equals("ROLE_CROSS_ACCOUNT");
        String owner = cross ? OTHER : ACCOUNT;
        String resource = "arn:aws:monitron:us-east-1:" + owner + ":project/dallas";
        Instant issued = Instant.parse("2026-12-01T08:00:00Z");
        Map<String, String> tags = Map.of("team", "platform", "cost-center", "cc-4711");
        PrincipalIdentity principal;
        if (cross) {
            String roleArn = "arn:aws:iam::" + ACCOUNT + ":role/Dev";
            Caller.SessionInfo s = new Caller.SessionInfo(Caller.SessionKind.ASSUMED_ROLE, "AROAEXAMPLEDEV0000001",
                    roleArn, "alice", issued, issued.plusSeconds(3600), "alice@example.com", tags, Set.of("team"), 0,
                    null, SESSION_POLICY, List.of());
            caller = new Caller(ACCOUNT, PrincipalType.AssumedRole, "arn:aws:sts::" + ACCOUNT + ":assumed-role/Dev/alice",
                    roleArn, "AROAEXAMPLEDEV0000001:alice", "ASIAEXAMPLE000000001", null, tags, s);
        } else {
            String userArn = "arn:aws:iam::" + ACCOUNT + ":user/alice";
            Caller.SessionInfo s = new Caller.SessionInfo(Caller.SessionKind.FEDERATED_USER, null, null, "alice-console",
                    issued, issued.plusSeconds(3600), null, Map.of(), Set.of(), 0, null, SESSION_POLICY, List.of());
            caller = new Caller(ACCOUNT, PrincipalType.FederatedUser, "arn:aws:sts::" + ACCOUNT
                    + ":federated-user/alice-console", "arn:aws:sts::" + ACCOUNT + ":federated-user/alice-console",
                    ACCOUNT + ":alice-console", "ASIAEXAMPLE000000002", null, tags, s);
        }
        principal = cross ? RequestContexts.principal(caller)
                : PrincipalIdentity.federatedUser(ACCOUNT, "arn:aws:iam::" + ACCOUNT + ":user/alice", caller.arn());
        facts = new RequestFacts("10.20.30.40", true, "aws-sdk-java/2.57.8", Instant.parse("2026-12-01T08:20:00Z"),
                "us-east-1", Map.of(), Map.of("aws:ResourceAccount", List.of(owner)));
        List<Policy> identity = List.of(
                Policy.compile(PolicyKind.INLINE_IDENTITY, "projects-read", INLINE_PROJECTS),
                Policy.compile(PolicyKind.INLINE_IDENTITY, "s3-home", INLINE_S3_HOME),
                Policy.compile(PolicyKind.MANAGED, "arn:aws:iam::" + ACCOUNT + ":policy/DeveloperTools", MANAGED_TOOLS),
                Policy.compile(PolicyKind.MANAGED, "arn:aws:iam::" + ACCOUNT + ":policy/DenyOutsideCorp", MANAGED_DENY),
                Policy.compile(PolicyKind.INLINE_IDENTITY, "group/developers/monitron", GROUP_MONITRON));
        Policy boundary = Policy.compile(PolicyKind.MANAGED, "arn:aws:iam::" + ACCOUNT + ":policy/Boundary", BOUNDARY);
        Policy session = Policy.compile(PolicyKind.SESSION, "session policy", SESSION_POLICY);
        String named = cross ? "arn:aws:iam::" + ACCOUNT + ":role/Dev" : "arn:aws:iam::" + ACCOUNT + ":root";
        Policy resourcePolicy = Policy.compile(PolicyKind.RESOURCE, "project policy", RESOURCE_POLICY.formatted(named, owner));
        request = AuthorizationRequest.builder(principal, ACTION, resource).identityPolicies(identity)
                .permissionsBoundary(boundary).sessionPolicies(List.of(session)).resourcePolicy(resourcePolicy, owner);
        sharedContext = RequestContexts.of(caller, facts);
        sharedRequest = request.context(sharedContext).build();
        Decision d = PolicyEngine.evaluate(sharedRequest);
        if (!d.isAllowed() || d.crossAccount() != cross) {
            throw new IllegalStateException("the benchmark request must be allowed: " + d);
        }
    }

    /** What one /v1/authorize call does around the engine: context from the caller and the request, then the decision. */
    @Benchmark
    public Decision authorize() {
        RequestContext ctx = RequestContexts.of(caller, facts);
        return PolicyEngine.evaluate(request.context(ctx).build());
    }

    /** The context alone (what {@code authorize} adds to {@code evaluateOnly}, without the first parse of its values). */
    @Benchmark
    public RequestContext contextOnly() {
        return RequestContexts.of(caller, facts);
    }

    @Benchmark
    public Decision evaluateOnly() {
        return PolicyEngine.evaluate(sharedRequest);
    }

    static final String INLINE_PROJECTS = """
            {"Version":"2012-10-17","Statement":[
             {"Sid":"ReadProjects","Effect":"Allow","Action":["monitron:Get*","monitron:List*"],
              "Resource":"arn:aws:monitron:*:*:project/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}},
             {"Sid":"OwnTeamWrite","Effect":"Allow","Action":["monitron:CreateProject","monitron:DeleteProject"],
              "Resource":"arn:aws:monitron:*:${aws:PrincipalAccount}:project/${aws:PrincipalTag/team}-*"}]}""";

    static final String INLINE_S3_HOME = """
            {"Version":"2012-10-17","Statement":[
             {"Sid":"Home","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],
              "Resource":"arn:aws:s3:::home/${aws:userid}/*"},
             {"Sid":"List","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::home",
              "Condition":{"StringLike":{"s3:prefix":["${aws:userid}/*"]}}}]}""";

    static final String MANAGED_TOOLS = """
            {"Version":"2012-10-17","Statement":[
             {"Sid":"Logs","Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents","logs:Get*"],
              "Resource":"arn:aws:logs:*:*:log-group:/dev/*"},
             {"Sid":"Ec2Read","Effect":"Allow","Action":"ec2:Describe*","Resource":"*"},
             {"Sid":"Params","Effect":"Allow","Action":["ssm:GetParameter*"],"Resource":"arn:aws:ssm:*:*:parameter/dev/*"},
             {"Sid":"Kms","Effect":"Allow","Action":["kms:Decrypt"],"Resource":"*",
              "Condition":{"StringEquals":{"kms:ViaService":"ssm.us-east-1.amazonaws.com"}}},
             {"Sid":"MonitronDashboards","Effect":"Allow","Action":"monitron:*Dashboard*","Resource":"*"},
             {"Sid":"Tagging","Effect":"Allow","Action":"monitron:TagResource","Resource":"*",
              "Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["team","cost-center"]}}}]}""";

    static final String MANAGED_DENY = """
            {"Version":"2012-10-17","Statement":[
             {"Sid":"DenyOutsideCorp","Effect":"Deny","Action":"*","Resource":"*",
              "Condition":{"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.0.0/16"]},
                           "Bool":{"aws:ViaAWSService":"false"}}},
             {"Sid":"DenyOldTokens","Effect":"Deny","Action":"*","Resource":"*",
              "Condition":{"DateLessThan":{"aws:TokenIssueTime":"2026-01-01T00:00:00Z"}}},
             {"Sid":"DenyOtherRegions","Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*",
              "Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}}]}""";

    static final String GROUP_MONITRON = """
            {"Version":"2012-10-17","Statement":[
             {"Sid":"TeamProjects","Effect":"Allow","Action":"monitron:*","Resource":"arn:aws:monitron:us-east-1:*:project/*",
              "Condition":{"StringEquals":{"aws:PrincipalTag/cost-center":"cc-4711"},
                           "DateGreaterThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}}}]}""";

    static final String BOUNDARY = """
            {"Version":"2012-10-17","Statement":[
             {"Sid":"Ceiling","Effect":"Allow","Action":["monitron:*","s3:*","logs:*","ec2:Describe*","ssm:Get*","kms:Decrypt"],
              "Resource":"*"},
             {"Sid":"NoIam","Effect":"Deny","Action":["iam:*","organizations:*"],"Resource":"*"}]}""";

    static final String SESSION_POLICY = """
            {"Version":"2012-10-17","Statement":[
             {"Effect":"Allow","Action":["monitron:Get*","monitron:List*","s3:GetObject"],"Resource":"*"}]}""";

    /** %1$s: the principal named; %2$s: the owning account. */
    static final String RESOURCE_POLICY = """
            {"Version":"2012-10-17","Statement":[
             {"Sid":"TeamRead","Effect":"Allow","Principal":{"AWS":"%1$s"},
              "Action":["monitron:GetProject","monitron:ListProjects"],"Resource":"arn:aws:monitron:us-east-1:%2$s:project/dallas",
              "Condition":{"StringEquals":{"aws:PrincipalTag/team":"platform"},
                           "DateGreaterThan":{"aws:TokenIssueTime":"2026-06-01T00:00:00Z"}}},
             {"Sid":"TlsOnly","Effect":"Deny","Principal":"*","Action":"monitron:*","Resource":"*",
              "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""";
}
