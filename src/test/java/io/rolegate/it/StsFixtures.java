package io.rolegate.it;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

import java.net.URL;
import java.util.concurrent.atomic.AtomicInteger;

/** Users, keys and roles for the STS tests; every name is unique in the shared test database. */
final class StsFixtures {
    private static final AtomicInteger SEQ = new AtomicInteger();
    static final String RUN = Long.toString(System.nanoTime() % 1_000_000, 36);

    private StsFixtures() {
    }

    static String name(String prefix) {
        return prefix + "-" + RUN + "-" + SEQ.incrementAndGet();
    }

    /** A user with one access key in the admin's account, optionally with an inline identity policy. */
    static AwsBasicCredentials user(URL base, AwsBasicCredentials admin, String userName, String inlinePolicy) {
        IamClient iam = Aws.iam(base, admin);
        iam.createUser(b -> b.userName(userName));
        if (inlinePolicy != null) {
            iam.putUserPolicy(b -> b.userName(userName).policyName("p").policyDocument(inlinePolicy));
        }
        AccessKey k = iam.createAccessKey(b -> b.userName(userName)).accessKey();
        return AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey());
    }

    static String role(URL base, AwsBasicCredentials admin, String roleName, String trust, Integer maxSession) {
        IamClient iam = Aws.iam(base, admin);
        return iam.createRole(b -> {
            b.roleName(roleName).assumeRolePolicyDocument(trust);
            if (maxSession != null) {
                b.maxSessionDuration(maxSession);
            }
        }).role().arn();
    }

    static String trust(String principalAwsJson, String extraActions, String condition) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + principalAwsJson + "},\"Action\":[\"sts:AssumeRole\"" + (extraActions == null ? "" : "," + extraActions)
                + "]" + (condition == null ? "" : ",\"Condition\":" + condition) + "}]}";
    }

    static String allow(String action, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action
                + "\",\"Resource\":\"" + resource + "\"}]}";
    }

    static String q(String s) {
        return "\"" + s + "\"";
    }
}
