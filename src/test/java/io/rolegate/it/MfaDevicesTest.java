package io.rolegate.it;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.store.MfaDeviceStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AssignmentStatusType;
import software.amazon.awssdk.services.iam.model.MFADevice;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.time.Instant;
import java.util.List;

import static io.rolegate.it.IamAssert.fails;
import static io.rolegate.it.StsFixtures.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The virtual MFA device lifecycle through the SDK, with AWS's shapes, errors, limits and authorization. */
@QuarkusTest
class MfaDevicesTest {
    static final String INVALID_CODE = "Authentication code for device is not valid.";

    @TestHTTPResource("/")
    URL base;
    @Inject
    MfaDeviceStore store;

    IamClient admin() {
        return Aws.iam(base, Aws.ALPHA_ADMIN);
    }

    static String decodeQr(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(img.getWidth(), img.getHeight(), pixels)))).getText();
    }

    @Test
    void createReturnsTheSerialTheBase32SeedAndAQrCodeOfTheOtpauthUri() throws Exception {
        String n = name("dev");
        VirtualMFADevice d = admin().createVirtualMFADevice(b -> b.virtualMFADeviceName(n)
                .tags(t -> t.key("team").value("ops"))).virtualMFADevice();
        assertEquals("arn:aws:iam::111111111111:mfa/" + n, d.serialNumber());
        String seed = d.base32StringSeed().asUtf8String();
        assertTrue(seed.matches("[A-Z2-7]{64}"), seed);
        assertEquals("otpauth://totp/" + n + "@111111111111?secret=" + seed, decodeQr(d.qrCodePNG().asByteArray()));
        assertEquals("team", d.tags().get(0).key());
        // the seed is sealed at rest, never stored as given out
        String sealed = store.sealedSeed(d.serialNumber()).orElseThrow();
        assertFalse(sealed.contains(seed));

        String p = name("dev");
        assertEquals("arn:aws:iam::111111111111:mfa/division/" + p, admin().createVirtualMFADevice(b -> b
                .virtualMFADeviceName(p).path("/division/")).virtualMFADevice().serialNumber());
        fails(409, "EntityAlreadyExists", "MFADevice entity at the same path and name already exists.",
                () -> admin().createVirtualMFADevice(b -> b.virtualMFADeviceName(n)));
        fails(400, "ValidationError", "1 validation error detected: Value 'a b' at 'virtualMFADeviceName' failed to "
                        + "satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
                () -> admin().createVirtualMFADevice(b -> b.virtualMFADeviceName("a b")));
        fails(400, "ValidationError", "1 validation error detected: Value 'nopath' at 'path' failed to satisfy "
                        + "constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)",
                () -> admin().createVirtualMFADevice(b -> b.virtualMFADeviceName(name("x")).path("nopath")));
    }

    @Test
    void lifecycleEnableListResyncDeactivateDelete() {
        IamClient iam = admin();
        String user = name("mfa-user");
        iam.createUser(b -> b.userName(user));
        VirtualMfa dev = VirtualMfa.create(iam, name("dev"));
        String serial = dev.serialNumber;

        VirtualMfa.awayFromStepBoundary();
        fails(403, "InvalidAuthenticationCode", INVALID_CODE, () -> iam.enableMFADevice(b -> b.userName(user)
                .serialNumber(serial).authenticationCode1(dev.code(0)).authenticationCode2(dev.code(0))));
        fails(403, "InvalidAuthenticationCode", INVALID_CODE, () -> iam.enableMFADevice(b -> b.userName(user)
                .serialNumber(serial).authenticationCode1(dev.code(-1)).authenticationCode2(dev.code(-2))));
        fails(400, "ValidationError", null, () -> iam.enableMFADevice(b -> b.userName(user)
                .serialNumber(serial).authenticationCode1("12345").authenticationCode2("abcdef")));
        fails(404, "NoSuchEntity", "VirtualMFADevice with serial number arn:aws:iam::111111111111:mfa/none doesn't exist.",
                () -> iam.enableMFADevice(b -> b.userName(user).serialNumber("arn:aws:iam::111111111111:mfa/none")
                        .authenticationCode1("123456").authenticationCode2("654321")));
        fails(404, "NoSuchEntity", "The user with name nobody-" + user + " cannot be found.",
                () -> iam.enableMFADevice(b -> b.userName("nobody-" + user).serialNumber(serial)
                        .authenticationCode1("123456").authenticationCode2("654321")));
        Instant before = Instant.now().minusSeconds(1);
        dev.enableFor(iam, user);

        List<MFADevice> listed = iam.listMFADevices(b -> b.userName(user)).mfaDevices();
        assertEquals(1, listed.size());
        assertEquals(serial, listed.get(0).serialNumber());
        assertEquals(user, listed.get(0).userName());
        assertTrue(!listed.get(0).enableDate().isBefore(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));

        String other = name("mfa-other");
        iam.createUser(b -> b.userName(other));
        fails(409, "EntityAlreadyExists", "MFA Device is already in use.", () -> iam.enableMFADevice(b -> b
                .userName(other).serialNumber(serial).authenticationCode1(dev.code(0)).authenticationCode2(dev.code(1))));
        fails(409, "DeleteConflict", "MFA VirtualDevice in use. Must deactivate first.",
                () -> iam.deleteVirtualMFADevice(b -> b.serialNumber(serial)));
        fails(409, "DeleteConflict", "Cannot delete entity, must delete MFA device first.",
                () -> iam.deleteUser(b -> b.userName(user)));

        VirtualMfa.awayFromStepBoundary();
        fails(403, "InvalidAuthenticationCode", INVALID_CODE, () -> iam.resyncMFADevice(b -> b.userName(user)
                .serialNumber(serial).authenticationCode1(dev.code(1)).authenticationCode2(dev.code(0))));
        iam.resyncMFADevice(b -> b.userName(user).serialNumber(serial).authenticationCode1(dev.code(-1))
                .authenticationCode2(dev.code(0)));
        // the resync pair is consumed too
        fails(403, "InvalidAuthenticationCode", INVALID_CODE, () -> iam.resyncMFADevice(b -> b.userName(user)
                .serialNumber(serial).authenticationCode1(dev.code(-1)).authenticationCode2(dev.code(0))));

        iam.deactivateMFADevice(b -> b.userName(user).serialNumber(serial));
        assertEquals(List.of(), iam.listMFADevices(b -> b.userName(user)).mfaDevices());
        VirtualMFADevice unassigned = iam.listVirtualMFADevices(b -> b.assignmentStatus(AssignmentStatusType.UNASSIGNED))
                .virtualMFADevices().stream().filter(v -> v.serialNumber().equals(serial)).findFirst().orElseThrow();
        assertNull(unassigned.user());
        assertNull(unassigned.base32StringSeed(), "the seed is shown once only");
        fails(404, "NoSuchEntity", null, () -> iam.deactivateMFADevice(b -> b.userName(user).serialNumber(serial)));
        // codes already used cannot enable it again
        fails(403, "InvalidAuthenticationCode", INVALID_CODE, () -> iam.enableMFADevice(b -> b.userName(other)
                .serialNumber(serial).authenticationCode1(dev.code(-1)).authenticationCode2(dev.code(0))));

        iam.deleteVirtualMFADevice(b -> b.serialNumber(serial));
        fails(404, "NoSuchEntity", "VirtualMFADevice with serial number " + serial + " doesn't exist.",
                () -> iam.deleteVirtualMFADevice(b -> b.serialNumber(serial)));
        iam.deleteUser(b -> b.userName(user));
    }

    @Test
    void listVirtualDevicesFiltersByAssignmentAndPages() {
        IamClient iam = admin();
        String user = name("mfa-list");
        iam.createUser(b -> b.userName(user));
        VirtualMfa assigned = VirtualMfa.create(iam, name("dev-a")).enableFor(iam, user);
        VirtualMfa free = VirtualMfa.create(iam, name("dev-b"));

        VirtualMFADevice a = iam.listVirtualMFADevicesPaginator(b -> b.assignmentStatus(AssignmentStatusType.ASSIGNED)
                .maxItems(1)).virtualMFADevices().stream().filter(v -> v.serialNumber().equals(assigned.serialNumber))
                .findFirst().orElseThrow();
        assertEquals(user, a.user().userName());
        assertEquals("arn:aws:iam::111111111111:user/" + user, a.user().arn());
        assertTrue(a.enableDate() != null);
        List<String> unassigned = iam.listVirtualMFADevicesPaginator(b -> b.assignmentStatus(AssignmentStatusType.UNASSIGNED)
                .maxItems(2)).virtualMFADevices().stream().map(VirtualMFADevice::serialNumber).toList();
        assertTrue(unassigned.contains(free.serialNumber));
        assertFalse(unassigned.contains(assigned.serialNumber));
        // no AssignmentStatus lists both, page by page
        var pages = iam.listVirtualMFADevicesPaginator(b -> b.maxItems(1));
        List<String> all = pages.virtualMFADevices().stream().map(VirtualMFADevice::serialNumber).toList();
        assertTrue(all.contains(free.serialNumber) && all.contains(assigned.serialNumber));
        assertEquals(all.size(), all.stream().distinct().count());
        assertTrue(iam.listVirtualMFADevices(b -> b.maxItems(1)).isTruncated());
        fails(400, "ValidationError", "1 validation error detected: Value 'Some' at 'assignmentStatus' failed to "
                        + "satisfy constraint: Member must satisfy enum value set: [Assigned, Unassigned, Any]",
                () -> iam.listVirtualMFADevices(b -> b.assignmentStatus("Some")));
    }

    @Test
    void atMostEightDevicesPerUser() {
        IamClient iam = admin();
        String user = name("mfa-eight");
        iam.createUser(b -> b.userName(user));
        for (int i = 0; i < 8; i++) {
            VirtualMfa.create(iam, name("dev8")).enableFor(iam, user);
        }
        VirtualMfa ninth = VirtualMfa.create(iam, name("dev9"));
        fails(409, "LimitExceeded", "Cannot exceed quota for MFADevicesPerUser: 8", () -> ninth.enableFor(iam, user));
        assertEquals(8, iam.listMFADevices(b -> b.userName(user)).mfaDevices().size());
    }

    @Test
    void authorizedOnTheDeviceAndOnTheUserAsAws() {
        String u = name("self");
        // AWS's "manage your own MFA device" policy: device actions on mfa/${aws:username}, user actions on the user
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":["
                + "\"iam:CreateVirtualMFADevice\",\"iam:DeleteVirtualMFADevice\",\"iam:EnableMFADevice\","
                + "\"iam:ResyncMFADevice\",\"iam:DeactivateMFADevice\",\"iam:ListMFADevices\"],\"Resource\":["
                + "\"arn:aws:iam::*:mfa/${aws:username}\",\"arn:aws:iam::*:user/${aws:username}\"]},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iam:ListVirtualMFADevices\",\"Resource\":\"*\"}]}";
        AwsBasicCredentials creds = StsFixtures.user(base, Aws.ALPHA_ADMIN, u, policy);
        IamClient self = Aws.iam(base, creds);
        fails(403, "AccessDenied", "User: arn:aws:iam::111111111111:user/" + u + " is not authorized to perform: "
                        + "iam:CreateVirtualMFADevice on resource: arn:aws:iam::111111111111:mfa/other-" + u
                        + " because no identity-based policy allows the iam:CreateVirtualMFADevice action",
                () -> self.createVirtualMFADevice(b -> b.virtualMFADeviceName("other-" + u)));
        VirtualMfa dev = VirtualMfa.create(self, u).enableFor(self, u);
        // no UserName: the caller's own devices
        assertEquals(dev.serialNumber, self.listMFADevices().mfaDevices().get(0).serialNumber());
        assertTrue(self.listVirtualMFADevices().virtualMFADevices().stream()
                .anyMatch(v -> v.serialNumber().equals(dev.serialNumber)));
        fails(403, "AccessDenied", null, () -> self.listMFADevices(b -> b.userName("admin")));
        self.deactivateMFADevice(b -> b.serialNumber(dev.serialNumber));
        self.deleteVirtualMFADevice(b -> b.serialNumber(dev.serialNumber));
    }
}
