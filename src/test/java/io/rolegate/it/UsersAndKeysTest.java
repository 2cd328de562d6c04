package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateAccessKeyResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ListUsersResponse;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

import java.net.URL;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class UsersAndKeysTest {
    @TestHTTPResource("/")
    URL base;

    IamClient admin() {
        return Aws.iam(base, Aws.ALPHA_ADMIN);
    }

    @Test
    void adminKnowsWhoItIs() {
        GetCallerIdentityResponse id = Aws.sts(base, Aws.ALPHA_ADMIN).getCallerIdentity();
        assertEquals(Aws.ALPHA, id.account());
        assertEquals("arn:aws:iam::111111111111:user/admin", id.arn());
        assertTrue(id.userId().startsWith("AIDA"), id.userId());
    }

    @Test
    void createUserTwoKeysAndTheThirdIsRefused() {
        IamClient iam = admin();
        var user = iam.createUser(b -> b.userName("alice").path("/team/")).user();
        assertEquals("arn:aws:iam::111111111111:user/team/alice", user.arn());
        CreateAccessKeyResponse k1 = iam.createAccessKey(b -> b.userName("alice"));
        iam.createAccessKey(b -> b.userName("alice"));
        assertEquals(40, k1.accessKey().secretAccessKey().length());
        assertTrue(k1.accessKey().accessKeyId().startsWith("AKIA"));
        IamException third = assertThrows(IamException.class, () -> iam.createAccessKey(b -> b.userName("alice")));
        assertEquals("LimitExceeded", third.awsErrorDetails().errorCode());
        assertEquals("Cannot exceed quota for AccessKeysPerUser: 2", third.awsErrorDetails().errorMessage());
        assertEquals(409, third.statusCode());

        // the new key works, and says who it is
        StsClient asAlice = Aws.sts(base, AwsBasicCredentials.create(k1.accessKey().accessKeyId(), k1.accessKey().secretAccessKey()));
        assertEquals("arn:aws:iam::111111111111:user/team/alice", asAlice.getCallerIdentity().arn());

        // an inactive key is refused as an invalid token
        iam.updateAccessKey(b -> b.userName("alice").accessKeyId(k1.accessKey().accessKeyId()).status(StatusType.INACTIVE));
        StsException e = assertThrows(StsException.class, asAlice::getCallerIdentity);
        assertEquals("InvalidClientTokenId", e.awsErrorDetails().errorCode());
        assertEquals(403, e.statusCode());
    }

    @Test
    void duplicateAndMissingUsers() {
        IamClient iam = admin();
        iam.createUser(b -> b.userName("Bob"));
        IamException dup = assertThrows(IamException.class, () -> iam.createUser(b -> b.userName("bob")));
        assertEquals("EntityAlreadyExists", dup.awsErrorDetails().errorCode());
        assertEquals("User with name bob already exists.", dup.awsErrorDetails().errorMessage());
        IamException missing = assertThrows(IamException.class, () -> iam.getUser(b -> b.userName("nobody")));
        assertEquals("NoSuchEntity", missing.awsErrorDetails().errorCode());
        assertEquals(404, missing.statusCode());
        assertEquals("The user with name nobody cannot be found.", missing.awsErrorDetails().errorMessage());
    }

    @Test
    void invalidUserNameIsAValidationError() {
        IamException e = assertThrows(IamException.class, () -> admin().createUser(b -> b.userName("bad name")));
        assertEquals("ValidationError", e.awsErrorDetails().errorCode());
        assertEquals("1 validation error detected: Value 'bad name' at 'userName' failed to satisfy constraint: "
                + "Member must satisfy regular expression pattern: [\\w+=,.@-]+", e.awsErrorDetails().errorMessage());
    }

    @Test
    void listUsersPaginates() {
        IamClient iam = admin();
        for (int i = 0; i < 7; i++) {
            int n = i;
            iam.createUser(b -> b.userName("page-user-" + n).path("/paging/"));
        }
        Set<String> seen = new HashSet<>();
        String marker = null;
        int pages = 0;
        do {
            String m = marker;
            ListUsersResponse page = iam.listUsers(b -> b.pathPrefix("/paging/").maxItems(3).marker(m));
            page.users().forEach(u -> seen.add(u.userName()));
            marker = page.isTruncated() ? page.marker() : null;
            pages++;
        } while (marker != null);
        assertEquals(7, seen.size());
        assertEquals(3, pages);
    }

    @Test
    void accountsAreIsolated() {
        admin().createUser(b -> b.userName("only-in-alpha"));
        IamClient beta = Aws.iam(base, Aws.BETA_ADMIN);
        IamException e = assertThrows(IamException.class, () -> beta.getUser(b -> b.userName("only-in-alpha")));
        assertEquals("NoSuchEntity", e.awsErrorDetails().errorCode());
        assertFalse(beta.listUsers().users().stream().anyMatch(u -> u.userName().equals("only-in-alpha")));
    }

    @Test
    void secretAppearsOnlyInCreateAccessKey() throws Exception {
        IamClient iam = admin();
        iam.createUser(b -> b.userName("secretive"));
        CreateAccessKeyResponse k = iam.createAccessKey(b -> b.userName("secretive"));
        String secret = k.accessKey().secretAccessKey();
        var creds = AwsBasicCredentials.create(k.accessKey().accessKeyId(), secret);
        Aws.sts(base, creds).getCallerIdentity();
        assertThrows(IamException.class, () -> Aws.iam(base, creds).listUsers()); // a denial names no secret either
        String listed = iam.listAccessKeys(b -> b.userName("secretive")).toString()
                + iam.getAccessKeyLastUsed(b -> b.accessKeyId(k.accessKey().accessKeyId())).toString();
        assertFalse(listed.contains(secret));
        java.nio.file.Path log = java.nio.file.Path.of("target/test-data/rolegate-test.log");
        assertTrue(java.nio.file.Files.exists(log), "the test log file exists");
        assertFalse(java.nio.file.Files.readString(log).contains(secret), "the secret is never logged");
    }

    @Test
    void tagsRoundTrip() {
        IamClient iam = admin();
        iam.createUser(b -> b.userName("tagged").tags(t -> t.key("team").value("red")));
        iam.tagUser(b -> b.userName("tagged").tags(t -> t.key("Team").value("blue"), t -> t.key("env").value("prod")));
        var tags = iam.listUserTags(b -> b.userName("tagged")).tags();
        assertEquals(2, tags.size());
        assertEquals("Team", tags.get(0).key());
        assertEquals("blue", tags.get(0).value());
        iam.untagUser(b -> b.userName("tagged").tagKeys("ENV"));
        assertEquals(1, iam.listUserTags(b -> b.userName("tagged")).tags().size());
        assertNotNull(iam.getUser(b -> b.userName("tagged")).user().tags());
    }
}
