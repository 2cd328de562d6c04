package io.rolegate.policy;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Policy engine benchmarks (docs/benchmarks.md). Run: bench/jmh.sh 'io.rolegate.policy.PolicyBenchmark' -f 1 -wi 3 -w 1s -i 5 -r 1s
 * (a) cross-account AssumeRole: trust policy with an ExternalId condition + the caller's 10 identity policies x 5 statements
 * with conditions and variables; (b) 100 policies, 1,000 statements; (c) parse+validate+compile of a ~6 KB policy.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PolicyBenchmark {
    static final String CALLER_ACCOUNT = "444455556666";
    static final String ROLE_ACCOUNT = "111122223333";
    static final String ROLE_ARN = "arn:aws:iam::" + ROLE_ACCOUNT + ":role/Partner";

    AuthorizationRequest assumeRole;
    AuthorizationRequest large;
    String sixKb;

    @Setup
    public void setup() {
        PrincipalIdentity caller = PrincipalIdentity.roleSession(CALLER_ACCOUNT, "arn:aws:iam::" + CALLER_ACCOUNT + ":role/Ci",
                "arn:aws:sts::" + CALLER_ACCOUNT + ":assumed-role/Ci/build-42");
        RequestContext ctx = RequestContext.builder()
                .put("aws:PrincipalArn", "arn:aws:iam::" + CALLER_ACCOUNT + ":role/Ci")
                .put("aws:PrincipalAccount", CALLER_ACCOUNT)
                .put("aws:PrincipalType", "AssumedRole")
                .put("aws:userid", "AROAEXAMPLEEXAMPLE:build-42")
                .put("aws:PrincipalTag/team", "platform")
                .put("aws:SourceIp", "10.20.30.40")
                .put("aws:SecureTransport", "true")
                .put("aws:CurrentTime", "2026-11-25T17:20:00Z")
                .put("aws:EpochTime", "1795626000")
                .put("aws:TokenIssueTime", "2026-11-25T17:00:00Z")
                .put("aws:MultiFactorAuthPresent", "false")
                .put("sts:ExternalId", "ext-7c1f0b3a")
                .put("sts:RoleSessionName", "build-42")
                .build();
        Policy trust = Policy.compile(PolicyKind.TRUST, "trust", """
                {"Version":"2012-10-17","Statement":[{"Sid":"Partner","Effect":"Allow",
                 "Principal":{"AWS":"arn:aws:iam::444455556666:role/Ci"},"Action":"sts:AssumeRole",
                 "Condition":{"StringEquals":{"sts:ExternalId":"ext-7c1f0b3a"}}}]}""");
        List<Policy> identity = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            identity.add(Policy.compile(PolicyKind.MANAGED, "policy-" + i, identityPolicy(i)));
        }
        assumeRole = AuthorizationRequest.builder(caller, "sts:AssumeRole", ROLE_ARN).context(ctx)
                .identityPolicies(identity).resourcePolicy(trust, ROLE_ACCOUNT).build();

        List<Policy> hundred = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            hundred.add(Policy.compile(PolicyKind.MANAGED, "big-" + i, tenStatements(i)));
        }
        large = AuthorizationRequest.builder(caller, "s3:GetObject", "arn:aws:s3:::data-platform/reports/2026/11/x.csv")
                .context(ctx).identityPolicies(hundred).build();
        sixKb = sixKbPolicy();
        if (!PolicyEngine.evaluate(assumeRole).isAllowed() || !PolicyEngine.evaluate(large).isAllowed()) {
            throw new IllegalStateException("benchmark requests must be allowed");
        }
    }

    /** 5 statements: one allowing sts:AssumeRole on partner roles with conditions and variables, four others. */
    static String identityPolicy(int i) {
        return """
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"S3Home%1$d","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],
                  "Resource":"arn:aws:s3:::home-%1$d/${aws:PrincipalTag/team}/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}},
                 {"Sid":"Ec2Read%1$d","Effect":"Allow","Action":"ec2:Describe*","Resource":"*",
                  "Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.0.0/16"]}}},
                 {"Sid":"Assume%1$d","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/Partner%2$s",
                  "Condition":{"StringEquals":{"aws:PrincipalTag/team":"${aws:PrincipalTag/team, 'none'}"},
                               "DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}},
                 {"Sid":"DenyOld%1$d","Effect":"Deny","Action":"*","Resource":"*",
                  "Condition":{"DateLessThan":{"aws:TokenIssueTime":"2026-01-01T00:00:00Z"}}},
                 {"Sid":"Logs%1$d","Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],
                  "Resource":"arn:aws:logs:*:*:log-group:/ci/${aws:userid}:*"}]}""".formatted(i, i == 9 ? "" : "-" + i);
    }

    static String tenStatements(int i) {
        StringBuilder sb = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
        String[] services = {"s3", "ec2", "dynamodb", "sqs", "sns", "lambda", "kms", "logs", "s3", "ssm"};
        for (int s = 0; s < 10; s++) {
            String svc = services[s];
            boolean grant = i == 99 && s == 0;
            sb.append(s == 0 ? "" : ",").append("{\"Sid\":\"S").append(s).append("\",\"Effect\":\"Allow\",\"Action\":[\"")
                    .append(svc).append(":Get*\",\"").append(svc).append(":List*\"],\"Resource\":\"arn:aws:")
                    .append(svc).append(":::").append(grant ? "data-${aws:PrincipalTag/team}/reports/*" : "bucket-" + i + "-" + s + "/*")
                    .append("\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"platform\"},")
                    .append("\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}");
        }
        return sb.append("]}").toString();
    }

    static String sixKbPolicy() {
        StringBuilder sb = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
        int n = 0;
        while (sb.length() < 5900) {
            sb.append(n == 0 ? "" : ",").append("{\"Sid\":\"Stmt").append(n)
                    .append("\",\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:ListBucket\",\"ec2:Describe*\"],")
                    .append("\"Resource\":[\"arn:aws:s3:::bucket-").append(n).append("/${aws:username}/*\",\"arn:aws:s3:::bucket-")
                    .append(n).append("\"],\"Condition\":{\"StringLike\":{\"s3:prefix\":[\"home/${aws:username}/*\"]},")
                    .append("\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}");
            n++;
        }
        return sb.append("]}").toString();
    }

    @Benchmark
    public Decision a_crossAccountAssumeRole() {
        return PolicyEngine.evaluate(assumeRole);
    }

    @Benchmark
    public Decision b_hundredPoliciesThousandStatements() {
        return PolicyEngine.evaluate(large);
    }

    @Benchmark
    public Policy c_compileSixKbPolicy() {
        return Policy.compile(PolicyKind.MANAGED, "six-kb", sixKb);
    }
}
