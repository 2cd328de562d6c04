package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.net.URL;
import java.util.List;

import static io.rolegate.it.StsAssumeRoleTest.denied;
import static io.rolegate.it.StsAssumeRoleTest.req;
import static io.rolegate.it.StsFixtures.allow;
import static io.rolegate.it.StsFixtures.name;
import static io.rolegate.it.StsFixtures.q;
import static io.rolegate.it.StsFixtures.role;
import static io.rolegate.it.StsFixtures.trust;
import static io.rolegate.it.StsFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MFA on AssumeRole and GetSessionToken with a real virtual device: the code is checked against the calling user's
 * enabled device and used once, and aws:MultiFactorAuthPresent / aws:MultiFactorAuthAge reach the trust decision and
 * every request of the session, carried along role chains; long-term keys never have them.
 */
@QuarkusTest
class StsMfaTest {
    static final String REQUIRE_MFA = "{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}";
    static final String ASSUME_ROLE_INVALID = "MultiFactorAuthentication failed with invalid MFA one time pass code.";
    static final String SESSION_TOKEN_INVALID = "MultiFactorAuthentication failed, unable to validate MFA code.  "
            + "Please verify your MFA serial number is valid and associated with this user.";

    @TestHTTPResource("/")
    URL base;

    StsClient sts(software.amazon.awssdk.auth.credentials.AwsCredentials c) {
        return Aws.sts(base, c);
    }

    record MfaUser(String name, AwsBasicCredentials keys, VirtualMfa device) {
    }

    /** A user of account alpha allowed sts:AssumeRole anywhere, with an enabled virtual MFA device. */
    MfaUser mfaUser() {
        String u = name("mfa");
        AwsBasicCredentials keys = user(base, Aws.ALPHA_ADMIN, u, allow("sts:AssumeRole", "*"));
        var iam = Aws.iam(base, Aws.ALPHA_ADMIN);
        return new MfaUser(u, keys, VirtualMfa.create(iam, name("dev")).enableFor(iam, u));
    }

    /** A role in account beta trusting account alpha under a condition. */
    String betaRole(String condition) {
        return betaRole(q("111111111111"), condition);
    }

    String betaRole(String principals, String condition) {
        return role(base, Aws.BETA_ADMIN, name("mfa-role"), trust(principals, null, condition), null);
    }

    @Test
    void crossAccountRoleRequiringMfaNeedsAValidUnusedCode() {
        MfaUser u = mfaUser();
        String arn = betaRole(REQUIRE_MFA);
        String serial = u.device().serialNumber;
        var e = assertThrows(software.amazon.awssdk.services.sts.model.StsException.class,
                () -> sts(u.keys()).assumeRole(req(arn, "no-mfa")));
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        assertEquals("User: arn:aws:iam::111111111111:user/" + u.name() + " is not authorized to perform: "
                + "sts:AssumeRole on resource: " + arn, e.awsErrorDetails().errorMessage());

        VirtualMfa.awayFromStepBoundary();
        String code = u.device().code(-1);
        AssumeRoleResponse ok = sts(u.keys()).assumeRole(req(arn, "with-mfa").andThen(b -> b.serialNumber(serial)
                .tokenCode(code)));
        assertTrue(ok.assumedRoleUser().arn().endsWith("/with-mfa"));
        denied(ASSUME_ROLE_INVALID, () -> sts(u.keys()).assumeRole(req(arn, "reused").andThen(b -> b
                .serialNumber(serial).tokenCode(code))));
        String wrong = code.equals("000000") ? "000001" : "000000";
        denied(ASSUME_ROLE_INVALID, () -> sts(u.keys()).assumeRole(req(arn, "wrong").andThen(b -> b
                .serialNumber(serial).tokenCode(wrong))));
        // another user's device does not authenticate this user
        MfaUser other = mfaUser();
        VirtualMfa.awayFromStepBoundary();
        denied(ASSUME_ROLE_INVALID, () -> sts(u.keys()).assumeRole(req(arn, "foreign").andThen(b -> b
                .serialNumber(other.device().serialNumber).tokenCode(other.device().code(0)))));
        // ...and its own code, not consumed by the failed attempt, still works for its owner
        String otherCode = other.device().code(0);
        sts(other.keys()).assumeRole(req(arn, "owner").andThen(b -> b.serialNumber(other.device().serialNumber)
                .tokenCode(otherCode)));
    }

    @Test
    void aCodeIsAcceptedOnceEvenWhenPresentedConcurrently() throws Exception {
        MfaUser u = mfaUser();
        String arn = betaRole(REQUIRE_MFA);
        VirtualMfa.awayFromStepBoundary();
        String code = u.device().code(-1);
        int n = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                String session = "race-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        sts(u.keys()).assumeRole(req(arn, session).andThen(b -> b.serialNumber(u.device().serialNumber)
                                .tokenCode(code)));
                        return true;
                    } catch (software.amazon.awssdk.services.sts.model.StsException e) {
                        assertEquals(ASSUME_ROLE_INVALID, e.awsErrorDetails().errorMessage());
                        return false;
                    }
                }));
            }
            start.countDown();
            int accepted = 0;
            for (var f : results) {
                accepted += f.get() ? 1 : 0;
            }
            assertEquals(1, accepted, "one code, one session");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void mfaIsInEveryRequestOfTheSessionAndCarriesAlongRoleChains() {
        MfaUser u = mfaUser();
        // the second role trusts the first role's sessions only with MFA; the first role may assume it
        String firstName = name("mfa-first");
        String first = role(base, Aws.BETA_ADMIN, firstName, trust(q("111111111111"), null, null), null);
        String second = betaRole("[" + q("111111111111") + "," + q(first) + "]", REQUIRE_MFA);
        Aws.iam(base, Aws.BETA_ADMIN).putRolePolicy(b -> b.roleName(firstName).policyName("p").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\","
                        + "\"Resource\":\"*\"},{\"Effect\":\"Allow\",\"Action\":\"iam:GetRole\",\"Resource\":\"*\","
                        + "\"Condition\":" + REQUIRE_MFA + "}]}"));

        Credentials plain = sts(u.keys()).assumeRole(req(first, "plain")).credentials();
        assertThrows(IamException.class, () -> Aws.iam(base, Aws.session(plain)).getRole(b -> b.roleName(firstName)));
        assertThrows(software.amazon.awssdk.services.sts.model.StsException.class,
                () -> sts(Aws.session(plain)).assumeRole(req(second, "chain")));

        VirtualMfa.awayFromStepBoundary();
        String code = u.device().code(-1);
        Credentials mfa = sts(u.keys()).assumeRole(req(first, "mfa").andThen(b -> b.serialNumber(u.device().serialNumber)
                .tokenCode(code))).credentials();
        assertEquals(first, Aws.iam(base, Aws.session(mfa)).getRole(b -> b.roleName(firstName)).role().arn());
        AssumeRoleResponse chained = sts(Aws.session(mfa)).assumeRole(req(second, "chain"));
        assertTrue(chained.assumedRoleUser().arn().endsWith("/chain"));
        // a role session has no MFA device of its own: a code passed on the chained call cannot validate
        String next = u.device().code(0);
        denied(ASSUME_ROLE_INVALID, () -> sts(Aws.session(mfa)).assumeRole(req(second, "chain2").andThen(b -> b
                .serialNumber(u.device().serialNumber).tokenCode(next))));
    }

    @Test
    void getSessionTokenWithMfaThenAssumeRole() {
        MfaUser u = mfaUser();
        String arn = betaRole(REQUIRE_MFA);
        denied(SESSION_TOKEN_INVALID, () -> sts(u.keys()).getSessionToken(b -> b
                .serialNumber(u.device().serialNumber).tokenCode("000000".equals(u.device().code(0)) ? "111111" : "000000")));
        denied("MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.",
                () -> sts(u.keys()).getSessionToken(b -> b.tokenCode("123456")));

        Credentials noMfa = sts(u.keys()).getSessionToken().credentials();
        assertThrows(software.amazon.awssdk.services.sts.model.StsException.class,
                () -> sts(Aws.session(noMfa)).assumeRole(req(arn, "gst-plain")));
        // GetSessionToken credentials without MFA may not call IAM at all (InvalidClientTokenId, as AWS answers)
        IamException iamRefused = assertThrows(IamException.class,
                () -> Aws.iam(base, Aws.session(noMfa)).getUser());
        assertEquals("InvalidClientTokenId", iamRefused.awsErrorDetails().errorCode());

        VirtualMfa.awayFromStepBoundary();
        String code = u.device().code(-1);
        Credentials withMfa = sts(u.keys()).getSessionToken(b -> b.serialNumber(u.device().serialNumber)
                .tokenCode(code)).credentials();
        AwsSessionCredentials session = Aws.session(withMfa);
        assertTrue(sts(session).assumeRole(req(arn, "gst-mfa")).assumedRoleUser().arn().endsWith("/gst-mfa"));
        // with MFA the session may call IAM (still authorized by the user's policies: none allow iam:GetUser here)
        IamException denied = assertThrows(IamException.class, () -> Aws.iam(base, session).getUser());
        assertEquals("AccessDenied", denied.awsErrorDetails().errorCode());
        // the code was used by GetSessionToken
        denied(SESSION_TOKEN_INVALID, () -> sts(u.keys()).getSessionToken(b -> b.serialNumber(u.device().serialNumber)
                .tokenCode(code)));
    }

    @Test
    void multiFactorAuthAgeCountsFromTheMfaAuthentication() throws InterruptedException {
        MfaUser u = mfaUser();
        String older = betaRole("{\"NumericGreaterThan\":{\"aws:MultiFactorAuthAge\":\"2\"}}");
        String recent = betaRole("{\"NumericLessThan\":{\"aws:MultiFactorAuthAge\":\"3600\"}}");
        // long-term keys: the key is absent, so no numeric condition on it holds
        assertThrows(software.amazon.awssdk.services.sts.model.StsException.class,
                () -> sts(u.keys()).assumeRole(req(recent, "keys")));
        VirtualMfa.awayFromStepBoundary();
        String code = u.device().code(-1);
        // MFA in this very call: the trust decision sees age 0
        assertThrows(software.amazon.awssdk.services.sts.model.StsException.class,
                () -> sts(u.keys()).assumeRole(req(older, "fresh").andThen(b -> b.serialNumber(u.device().serialNumber)
                        .tokenCode(code))));
        // that failed call consumed the code; the next step's code authenticates GetSessionToken
        String next = u.device().code(0);
        AwsSessionCredentials session = Aws.session(sts(u.keys()).getSessionToken(b -> b
                .serialNumber(u.device().serialNumber).tokenCode(next)).credentials());
        sts(session).assumeRole(req(recent, "recent"));
        assertThrows(software.amazon.awssdk.services.sts.model.StsException.class,
                () -> sts(session).assumeRole(req(older, "too-soon")));
        Thread.sleep(3_100);
        sts(session).assumeRole(req(older, "later"));
    }

    @Test
    void longTermKeysNeverCarryMultiFactorAuthPresent() {
        MfaUser u = mfaUser();
        String absent = betaRole("{\"Null\":{\"aws:MultiFactorAuthPresent\":\"true\"}}");
        String falseIfExists = betaRole("{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"false\"}}");
        sts(u.keys()).assumeRole(req(absent, "keys"));
        sts(u.keys()).assumeRole(req(falseIfExists, "keys"));
        // a role session without MFA has the key, set to false
        Credentials plain = sts(u.keys()).assumeRole(req(falseIfExists, "plain")).credentials();
        String present = betaRole("[" + q("111111111111") + "," + q(falseIfExists) + "]",
                "{\"Null\":{\"aws:MultiFactorAuthPresent\":\"false\"}}");
        sts(Aws.session(plain)).assumeRole(req(present, "chained"));
        assertThrows(software.amazon.awssdk.services.sts.model.StsException.class,
                () -> sts(u.keys()).assumeRole(req(present, "keys")));
    }
}
