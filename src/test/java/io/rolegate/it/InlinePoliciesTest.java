package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.iam.Secrets;
import io.rolegate.store.RoleStore;
import io.rolegate.store.Transactions;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetGroupPolicyResponse;
import software.amazon.awssdk.services.iam.model.GetRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.GetUserPolicyResponse;
import software.amazon.awssdk.services.iam.model.ListUserPoliciesResponse;

import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.rolegate.it.IamAssert.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class InlinePoliciesTest {
    @TestHTTPResource("/")
    URL base;
    @Inject
    RoleStore roles;
    @Inject
    Transactions tx;
    @Inject
    Secrets secrets;

    /** Whitespace, tabs, CRLF, '+', '*', '~', '%', '&', quotes and a Latin-1 letter: all must come back unchanged. */
    static final String ODD_DOCUMENT = "{\r\n\t\"Version\": \"2012-10-17\",\n  \"Statement\": [ {\n"
            + "    \"Sid\": \"CafePlus\",\n    \"Effect\": \"Allow\",\n    \"Action\": [\"s3:Get*\", \"s3:List*\"],\n"
            + "    \"Resource\": \"arn:aws:s3:::caf\u00e9/a+b~c%20d&e/*\"\n  } ]\n}\n";

    IamClient iam() {
        return Aws.iam(base, Aws.ALPHA_ADMIN);
    }

    static String decode(String wire) {
        return URLDecoder.decode(wire, StandardCharsets.UTF_8);
    }

    /** A valid identity policy whose size (non-whitespace chars) is exactly {@code size}. */
    static String policyOfSize(int size) {
        String head = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::";
        String tail = "\"}]}";
        return head + "b".repeat(size - head.length() - tail.length()) + tail;
    }

    @Test
    void userPolicyRoundTripsByteForByte() {
        IamClient iam = iam();
        iam.createUser(b -> b.userName("inl-Alice"));
        iam.putUserPolicy(b -> b.userName("inl-alice").policyName("odd").policyDocument(ODD_DOCUMENT));
        GetUserPolicyResponse got = iam.getUserPolicy(b -> b.userName("INL-ALICE").policyName("odd"));
        assertEquals("inl-Alice", got.userName());
        assertEquals("odd", got.policyName());
        assertTrue(got.policyDocument().startsWith("%7B%0D%0A%09%22Version%22%3A%20"), got.policyDocument());
        assertEquals(ODD_DOCUMENT, decode(got.policyDocument()));

        // Put replaces
        iam.putUserPolicy(b -> b.userName("inl-Alice").policyName("odd").policyDocument(IamAssert.ALLOW_ALL));
        assertEquals(IamAssert.ALLOW_ALL, decode(iam.getUserPolicy(b -> b.userName("inl-Alice").policyName("odd")).policyDocument()));

        iam.deleteUserPolicy(b -> b.userName("inl-Alice").policyName("odd"));
        fails(404, "NoSuchEntity", "The user policy with name odd cannot be found.",
                () -> iam.getUserPolicy(b -> b.userName("inl-Alice").policyName("odd")));
        fails(404, "NoSuchEntity", "The user policy with name odd cannot be found.",
                () -> iam.deleteUserPolicy(b -> b.userName("inl-Alice").policyName("odd")));
        fails(404, "NoSuchEntity", "The user with name inl-nobody cannot be found.",
                () -> iam.putUserPolicy(b -> b.userName("inl-nobody").policyName("p").policyDocument(IamAssert.ALLOW_ALL)));
    }

    @Test
    void groupAndRolePolicies() {
        IamClient iam = iam();
        iam.createGroup(b -> b.groupName("inl-Group"));
        iam.putGroupPolicy(b -> b.groupName("inl-group").policyName("g1").policyDocument(ODD_DOCUMENT));
        GetGroupPolicyResponse g = iam.getGroupPolicy(b -> b.groupName("inl-Group").policyName("g1"));
        assertEquals("inl-Group", g.groupName());
        assertEquals(ODD_DOCUMENT, decode(g.policyDocument()));
        assertEquals(List.of("g1"), iam.listGroupPolicies(b -> b.groupName("inl-Group")).policyNames());
        iam.deleteGroupPolicy(b -> b.groupName("inl-Group").policyName("g1"));
        fails(404, "NoSuchEntity", "The group policy with name g1 cannot be found.",
                () -> iam.getGroupPolicy(b -> b.groupName("inl-Group").policyName("g1")));
        fails(404, "NoSuchEntity", "The group with name inl-nogroup cannot be found.",
                () -> iam.listGroupPolicies(b -> b.groupName("inl-nogroup")));

        TestRoles.create(roles, tx, secrets, Aws.ALPHA, "inl-Role");
        iam.putRolePolicy(b -> b.roleName("inl-role").policyName("r1").policyDocument(ODD_DOCUMENT));
        GetRolePolicyResponse r = iam.getRolePolicy(b -> b.roleName("inl-Role").policyName("r1"));
        assertEquals("inl-Role", r.roleName());
        assertEquals(ODD_DOCUMENT, decode(r.policyDocument()));
        iam.deleteRolePolicy(b -> b.roleName("inl-Role").policyName("r1"));
        fails(404, "NoSuchEntity", "The role policy with name r1 cannot be found.",
                () -> iam.deleteRolePolicy(b -> b.roleName("inl-Role").policyName("r1")));
        fails(404, "NoSuchEntity", "The role with name inl-norole cannot be found.",
                () -> iam.putRolePolicy(b -> b.roleName("inl-norole").policyName("p").policyDocument(IamAssert.ALLOW_ALL)));
    }

    @Test
    void aggregateSizeQuotas() {
        IamClient iam = iam();
        iam.createUser(b -> b.userName("inl-quota-user"));
        iam.putUserPolicy(b -> b.userName("inl-quota-user").policyName("a").policyDocument(policyOfSize(1500)));
        // replacing a policy counts its new size only
        iam.putUserPolicy(b -> b.userName("inl-quota-user").policyName("a").policyDocument(policyOfSize(1900)));
        iam.putUserPolicy(b -> b.userName("inl-quota-user").policyName("b").policyDocument(policyOfSize(148)));
        fails(409, "LimitExceeded", "Maximum policy size of 2048 bytes exceeded for user inl-quota-user",
                () -> iam.putUserPolicy(b -> b.userName("inl-quota-user").policyName("c").policyDocument(policyOfSize(120))));
        // whitespace is not counted
        String spaced = policyOfSize(148).replace(",", ",\n        ");
        iam.putUserPolicy(b -> b.userName("inl-quota-user").policyName("b").policyDocument(spaced));

        iam.createGroup(b -> b.groupName("inl-quota-group"));
        iam.putGroupPolicy(b -> b.groupName("inl-quota-group").policyName("a").policyDocument(policyOfSize(5000)));
        fails(409, "LimitExceeded", "Maximum policy size of 5120 bytes exceeded for group inl-quota-group",
                () -> iam.putGroupPolicy(b -> b.groupName("inl-quota-group").policyName("b").policyDocument(policyOfSize(121))));

        TestRoles.create(roles, tx, secrets, Aws.ALPHA, "inl-quota-role");
        iam.putRolePolicy(b -> b.roleName("inl-quota-role").policyName("a").policyDocument(policyOfSize(6000)));
        iam.putRolePolicy(b -> b.roleName("inl-quota-role").policyName("b").policyDocument(policyOfSize(4240)));
        fails(409, "LimitExceeded", "Maximum policy size of 10240 bytes exceeded for role inl-quota-role",
                () -> iam.putRolePolicy(b -> b.roleName("inl-quota-role").policyName("c").policyDocument(policyOfSize(120))));
    }

    @Test
    void malformedDocumentsAreRefused() {
        IamClient iam = iam();
        iam.createUser(b -> b.userName("inl-malformed"));
        fails(400, "MalformedPolicyDocument", "Syntax errors in policy.",
                () -> iam.putUserPolicy(b -> b.userName("inl-malformed").policyName("p").policyDocument("not json")));
        fails(400, "MalformedPolicyDocument", "Policy statement must contain resources.",
                () -> iam.putUserPolicy(b -> b.userName("inl-malformed").policyName("p").policyDocument(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\"}]}")));
        fails(400, "MalformedPolicyDocument", "Policy document should not specify a principal.",
                () -> iam.putUserPolicy(b -> b.userName("inl-malformed").policyName("p").policyDocument(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                                + "\"Action\":\"s3:*\",\"Resource\":\"*\"}]}")));
        assertTrue(iam.listUserPolicies(b -> b.userName("inl-malformed")).policyNames().isEmpty());
    }

    @Test
    void shapeValidation() {
        IamClient iam = iam();
        iam.createUser(b -> b.userName("inl-shapes"));
        fails(400, "ValidationError", "1 validation error detected: Value 'bad name' at 'policyName' failed to satisfy "
                + "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
                () -> iam.putUserPolicy(b -> b.userName("inl-shapes").policyName("bad name").policyDocument(IamAssert.ALLOW_ALL)));
        String longRole = "r".repeat(65);
        fails(400, "ValidationError", "1 validation error detected: Value '" + longRole + "' at 'roleName' failed to "
                + "satisfy constraint: Member must have length less than or equal to 64",
                () -> iam.getRolePolicy(b -> b.roleName(longRole).policyName("p")));
        fails(400, "ValidationError", "1 validation error detected: Value '\u0100' at 'policyDocument' failed to "
                + "satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+",
                () -> iam.putUserPolicy(b -> b.userName("inl-shapes").policyName("p").policyDocument("\u0100")));
    }

    @Test
    void listUserPoliciesPaginates() {
        IamClient iam = iam();
        iam.createUser(b -> b.userName("inl-lister"));
        for (String n : List.of("p1", "p2", "p3")) {
            iam.putUserPolicy(b -> b.userName("inl-lister").policyName(n).policyDocument(IamAssert.ALLOW_ALL));
        }
        List<String> seen = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            String m = marker;
            ListUserPoliciesResponse page = iam.listUserPolicies(b -> b.userName("inl-lister").maxItems(2).marker(m));
            seen.addAll(page.policyNames());
            marker = page.isTruncated() ? page.marker() : null;
            pages++;
        } while (marker != null);
        assertEquals(List.of("p1", "p2", "p3"), seen);
        assertEquals(2, pages);
    }

    @Test
    void inlinePoliciesAreIsolatedPerAccount() {
        iam().createUser(b -> b.userName("inl-alpha-user"));
        iam().putUserPolicy(b -> b.userName("inl-alpha-user").policyName("p").policyDocument(IamAssert.ALLOW_ALL));
        IamClient beta = Aws.iam(base, Aws.BETA_ADMIN);
        fails(404, "NoSuchEntity", "The user with name inl-alpha-user cannot be found.",
                () -> beta.getUserPolicy(b -> b.userName("inl-alpha-user").policyName("p")));
        assertFalse(iam().listUserPolicies(b -> b.userName("inl-alpha-user")).policyNames().isEmpty());
    }
}
