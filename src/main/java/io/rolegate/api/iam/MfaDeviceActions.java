package io.rolegate.api.iam;

import io.rolegate.api.ActionFamily;
import io.rolegate.api.ActionTable;
import io.rolegate.api.ApiRequest;
import io.rolegate.api.Result;
import io.rolegate.api.MemberShapes;
import io.rolegate.api.Validation;
import io.rolegate.iam.MfaDeviceService;
import io.rolegate.iam.Page;
import io.rolegate.model.Tag;
import io.rolegate.iam.UserService;
import io.rolegate.model.MfaDevice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Virtual MFA devices: CreateVirtualMFADevice, EnableMFADevice, ResyncMFADevice, DeactivateMFADevice,
 * DeleteVirtualMFADevice, ListMFADevices, ListVirtualMFADevices. Authorized as AWS does: create and delete on the
 * device ({@code mfa/...}), enable, resync, deactivate and ListMFADevices on the user, ListVirtualMFADevices on "*".
 */
@ApplicationScoped
public class MfaDeviceActions implements ActionFamily {
    static final Pattern SERIAL_NUMBER = Pattern.compile("[\\w+=/:,.@-]+");
    static final Pattern AUTHENTICATION_CODE = Pattern.compile("[\\d]+");

    @Inject
    MfaDeviceService devices;
    @Inject
    UserActions users;
    @Inject
    UserService userService;

    @Override
    public void register(ActionTable t) {
        t.iam("CreateVirtualMFADevice", r -> MfaDeviceService.serialNumber(r.accountId(),
                r.param("Path") == null ? "/" : r.param("Path"), String.valueOf(r.param("VirtualMFADeviceName"))),
                this::create);
        t.iam("EnableMFADevice", r -> users.existingArn(r, r.param("UserName")), this::enable);
        t.iam("ResyncMFADevice", r -> users.existingArn(r, r.param("UserName")), this::resync);
        t.iam("DeactivateMFADevice", r -> users.existingArn(r, r.userNameOrCaller()), this::deactivate);
        t.iam("DeleteVirtualMFADevice", this::deviceArn, this::delete);
        t.iam("ListMFADevices", r -> users.existingArn(r, r.userNameOrCaller()), this::listForUser);
        t.iam("ListVirtualMFADevices", r -> "*", this::listVirtual);
    }

    private String deviceArn(ApiRequest r) {
        String serial = r.param("SerialNumber");
        return serial != null && serial.startsWith("arn:") ? serial
                : MfaDeviceService.serialNumber(r.accountId(), "/", String.valueOf(serial));
    }

    private Result create(ApiRequest r) {
        Validation v = new Validation();
        v.string(r.param("Path"), "path", false, 1, 512, MemberShapes.PATH);
        v.string(r.param("VirtualMFADeviceName"), "virtualMFADeviceName", true, 1, Integer.MAX_VALUE, MemberShapes.NAME);
        List<Tag> tags = MemberShapes.tags(r.params(), "Tags", "tags", v);
        r.validated(v, MemberShapes.withRequestTags(r, tags));
        MfaDeviceService.NewVirtualMfaDevice d = devices.create(r.accountId(), r.param("VirtualMFADeviceName"),
                r.param("Path"), tags);
        Base64.Encoder b64 = Base64.getEncoder();
        Result device = Result.of().put("SerialNumber", d.device().serialNumber())
                .put("Base32StringSeed", b64.encodeToString(d.base32Seed().getBytes(StandardCharsets.US_ASCII)))
                .put("QRCodePNG", b64.encodeToString(d.qrCodePng()));
        if (!tags.isEmpty()) {
            device.list("Tags", MemberShapes.tagList(tags));
        }
        return Result.of().put("VirtualMFADevice", device);
    }

    /** UserName, SerialNumber and the two codes of EnableMFADevice / ResyncMFADevice; codes are never echoed. */
    private static Validation codes(ApiRequest r) {
        Validation v = new Validation();
        v.string(r.param("UserName"), "userName", true, 1, 128, MemberShapes.NAME);
        serial(r, v);
        for (String member : List.of("AuthenticationCode1", "AuthenticationCode2")) {
            String code = r.param(member);
            String name = "authenticationCode" + member.charAt(member.length() - 1);
            v.secret(code, name, true, 6, 6);
            if (code != null && !AUTHENTICATION_CODE.matcher(code).matches()) {
                v.fail(null, name, "Member must satisfy regular expression pattern: " + AUTHENTICATION_CODE.pattern());
            }
        }
        return v;
    }

    private static void serial(ApiRequest r, Validation v) {
        v.string(r.param("SerialNumber"), "serialNumber", true, 9, 256, SERIAL_NUMBER);
    }

    private Result enable(ApiRequest r) {
        r.validated(codes(r));
        devices.enable(r.accountId(), r.param("UserName"), r.param("SerialNumber"), r.param("AuthenticationCode1"),
                r.param("AuthenticationCode2"));
        return null;
    }

    private Result resync(ApiRequest r) {
        r.validated(codes(r));
        devices.resync(r.accountId(), r.param("UserName"), r.param("SerialNumber"), r.param("AuthenticationCode1"),
                r.param("AuthenticationCode2"));
        return null;
    }

    private Result deactivate(ApiRequest r) {
        Validation v = new Validation();
        v.string(r.param("UserName"), "userName", false, 1, 128, MemberShapes.NAME);
        serial(r, v);
        r.validated(v);
        devices.deactivate(r.accountId(), r.userNameOrCaller(), r.param("SerialNumber"));
        return null;
    }

    private Result delete(ApiRequest r) {
        Validation v = new Validation();
        serial(r, v);
        r.validated(v);
        devices.delete(r.accountId(), r.param("SerialNumber"));
        return null;
    }

    private Result listForUser(ApiRequest r) {
        Validation v = new Validation();
        v.string(r.param("UserName"), "userName", false, 1, 128, MemberShapes.NAME);
        MemberShapes.Paging paging = MemberShapes.paging(r.params(), v);
        r.validated(v);
        String userName = userService.get(r.accountId(), r.userNameOrCaller()).userName();
        List<MfaDevice> all = devices.listForUser(r.accountId(), userName);
        Page<MfaDevice> page = Page.byPosition(all, paging.marker(), paging.maxItems());
        return MemberShapes.paged(Result.of().list("MFADevices", page.items().stream()
                .map(d -> Result.of().put("UserName", userName).put("SerialNumber", d.serialNumber())
                        .put("EnableDate", d.enabledAt())).toList()), page);
    }

    private Result listVirtual(ApiRequest r) {
        Validation v = new Validation();
        String status = r.param("AssignmentStatus");
        if (status != null && !List.of("Assigned", "Unassigned", "Any").contains(status)) {
            v.fail(status, "assignmentStatus", "Member must satisfy enum value set: [Assigned, Unassigned, Any]");
        }
        MemberShapes.Paging paging = MemberShapes.paging(r.params(), v);
        r.validated(v);
        Boolean assigned = status == null || status.equals("Any") ? null : status.equals("Assigned");
        Page<MfaDeviceService.VirtualMfaDeviceView> page = devices.listVirtual(r.accountId(), assigned,
                paging.marker(), paging.maxItems());
        return MemberShapes.paged(Result.of().list("VirtualMFADevices", page.items().stream().map(d -> {
            Result x = Result.of().put("SerialNumber", d.device().serialNumber());
            if (d.user() != null) {
                x.put("User", UserActions.user(d.user(), null)).put("EnableDate", d.device().enabledAt());
            }
            return x;
        }).toList()), page);
    }
}
