package io.rolegate.iam;

import io.rolegate.credentials.Totp;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.model.MfaDevice;
import io.rolegate.model.Tag;
import io.rolegate.model.User;
import io.rolegate.store.MfaDeviceStore;
import io.rolegate.store.TagStore;
import io.rolegate.store.Transactions;
import io.rolegate.store.UserStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Virtual MFA devices: created unassigned with a random seed (sealed at rest, shown once), enabled for a user with
 * two consecutive codes, resynchronised, deactivated (back to unassigned) and deleted. {@link #authenticate} checks a
 * code for STS; every accepted code's time step is consumed, so a code works once.
 */
@ApplicationScoped
public class MfaDeviceService {
    /** AWS: MFA devices in use per user. */
    public static final int MAX_PER_USER = 8;
    /** AWS: virtual MFA devices per account equal the users-per-account quota. */
    public static final int MAX_PER_ACCOUNT = 5000;
    /** Seed length of AWS's seeds (64 base32 characters). */
    static final int SEED_BYTES = 40;
    /** Steps either side of now searched for the two codes of EnableMFADevice / ResyncMFADevice (5 minutes). */
    static final int PAIR_WINDOW = 10;
    /** Steps either side of the device's expected step accepted for a sign-in code. */
    static final int AUTH_WINDOW = 1;
    static final String INVALID_CODE = "Authentication code for device is not valid.";

    public record NewVirtualMfaDevice(MfaDevice device, String base32Seed, byte[] qrCodePng) {
    }

    /** A device of ListVirtualMFADevices with its user (null when unassigned); the listing shows no tags, as AWS's. */
    public record VirtualMfaDeviceView(MfaDevice device, User user) {
    }

    @Inject
    MfaDeviceStore devices;
    @Inject
    UserStore users;
    @Inject
    TagStore tags;
    @Inject
    Transactions tx;
    @Inject
    Secrets secrets;
    @Inject
    Clock clock;

    public static String serialNumber(String accountId, String path, String name) {
        return "arn:aws:iam::" + accountId + ":mfa" + path + name;
    }

    public NewVirtualMfaDevice create(String accountId, String name, String path, List<Tag> newTags) {
        Tags.requireNoDuplicates(newTags);
        Tags.requireWithinQuota(List.of(), newTags);
        String p = path == null ? "/" : path;
        String serial = serialNumber(accountId, p, name);
        String seed = Totp.newBase32Seed(secrets.random(), SEED_BYTES);
        MfaDevice d = new MfaDevice(serial, accountId, name, p, null, null, 0, null, clock.instant());
        tx.run(() -> {
            if (devices.countForAccount(accountId) >= MAX_PER_ACCOUNT) {
                throw new AwsException(ErrorCode.LimitExceeded,
                        "Cannot exceed quota for VirtualMFADevicesPerAccount: " + MAX_PER_ACCOUNT);
            }
            if (!devices.insert(d, secrets.seal(seed, serial))) {
                throw new AwsException(ErrorCode.EntityAlreadyExists,
                        "MFADevice entity at the same path and name already exists.");
            }
            tags.put(serial, newTags);
        });
        return new NewVirtualMfaDevice(d, seed, OtpAuthQrCode.png(OtpAuthQrCode.uri(name, accountId, seed)));
    }

    public void enable(String accountId, String userName, String serial, String code1, String code2) {
        tx.run(() -> {
            User u = user(accountId, userName);
            MfaDevice d = lockedDevice(accountId, serial);
            if (d.assigned()) {
                throw new AwsException(ErrorCode.EntityAlreadyExists, "MFA Device is already in use.");
            }
            if (devices.listForUser(u.userId()).size() >= MAX_PER_USER) {
                throw new AwsException(ErrorCode.LimitExceeded, "Cannot exceed quota for MFADevicesPerUser: " + MAX_PER_USER);
            }
            long now = Totp.stepOf(clock.instant());
            long first = consecutivePair(d, code1, code2, now);
            devices.assign(serial, u.userId(), clock.instant(), first + 1);
        });
    }

    public void resync(String accountId, String userName, String serial, String code1, String code2) {
        tx.run(() -> {
            User u = user(accountId, userName);
            MfaDevice d = assignedTo(u, lockedDevice(accountId, serial));
            long now = Totp.stepOf(clock.instant());
            long first = consecutivePair(d, code1, code2, now);
            devices.resync(serial, first + 1, Math.toIntExact(first + 1 - now));
        });
    }

    public void deactivate(String accountId, String userName, String serial) {
        tx.run(() -> {
            User u = user(accountId, userName);
            MfaDevice d = assignedTo(u, lockedDevice(accountId, serial));
            devices.unassign(d.serialNumber());
        });
    }

    public void delete(String accountId, String serial) {
        tx.run(() -> {
            MfaDevice d = lockedDevice(accountId, serial);
            if (d.assigned()) {
                throw new AwsException(ErrorCode.DeleteConflict, "MFA VirtualDevice in use. Must deactivate first.");
            }
            tags.removeAll(d.serialNumber());
            devices.delete(d.serialNumber());
        });
    }

    /** ListMFADevices: the user's enabled devices, oldest first. */
    public List<MfaDevice> listForUser(String accountId, String userName) {
        return devices.listForUser(user(accountId, userName).userId());
    }

    public Page<VirtualMfaDeviceView> listVirtual(String accountId, Boolean assigned, String marker, int maxItems) {
        List<MfaDevice> rows = devices.list(accountId, assigned, Markers.decode(marker), maxItems + 1);
        Page<MfaDevice> page = Markers.page(rows, maxItems, d -> d.serialNumber().toLowerCase(Locale.ROOT));
        List<VirtualMfaDeviceView> views = page.items().stream().map(d -> new VirtualMfaDeviceView(d,
                d.userId() == null ? null : users.findById(d.userId()).orElse(null))).toList();
        return new Page<>(views, page.nextMarker());
    }

    /**
     * STS sign-in: true when {@code serial} is a device enabled for the user and {@code code} is its code for a step
     * not used before. The step is consumed by one conditional UPDATE outside any transaction, so it is taken exactly
     * once even when replicas race, and no cache is invalidated.
     */
    public boolean authenticate(String userId, String serial, String code) {
        MfaDevice d = devices.find(serial).filter(x -> userId.equals(x.userId())).orElse(null);
        if (d == null) {
            return false;
        }
        long expected = Totp.stepOf(clock.instant()) + d.driftSteps();
        OptionalLong step = totp(d).match(code, expected - AUTH_WINDOW, expected + AUTH_WINDOW);
        return step.isPresent() && devices.acceptStep(serial, userId, step.getAsLong());
    }

    private long consecutivePair(MfaDevice d, String code1, String code2, long now) {
        OptionalLong s = totp(d).matchConsecutive(code1, code2, now - PAIR_WINDOW, now + PAIR_WINDOW);
        if (s.isEmpty() || (d.lastStep() != null && s.getAsLong() <= d.lastStep())) {
            throw new AwsException(ErrorCode.InvalidAuthenticationCode, INVALID_CODE);
        }
        return s.getAsLong();
    }

    private Totp totp(MfaDevice d) {
        String sealed = devices.sealedSeed(d.serialNumber()).orElseThrow();
        return Totp.ofBase32Seed(secrets.open(sealed, d.serialNumber()));
    }

    private User user(String accountId, String userName) {
        return users.findByName(accountId, userName).orElseThrow(() -> UserService.noSuchUser(userName));
    }

    private MfaDevice lockedDevice(String accountId, String serial) {
        return devices.findForUpdate(serial).filter(d -> d.accountId().equals(accountId))
                .orElseThrow(() -> noSuchDevice(serial));
    }

    private static MfaDevice assignedTo(User u, MfaDevice d) {
        if (!u.userId().equals(d.userId())) {
            throw new AwsException(ErrorCode.NoSuchEntity,
                    "MFA Device with serial number " + d.serialNumber() + " is not assigned to user " + u.userName() + ".");
        }
        return d;
    }

    static AwsException noSuchDevice(String serial) {
        return new AwsException(ErrorCode.NoSuchEntity, "VirtualMFADevice with serial number " + serial + " doesn't exist.");
    }
}
