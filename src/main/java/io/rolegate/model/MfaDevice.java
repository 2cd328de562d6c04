package io.rolegate.model;

import java.time.Instant;

/**
 * A virtual MFA device (the seed is stored sealed beside it, never in this record).
 *
 * @param serialNumber {@code arn:aws:iam::ACCT:mfa/{path}{name}}
 * @param userId       the user it is enabled for, or null while unassigned
 * @param enabledAt    when EnableMFADevice assigned it, or null
 * @param driftSteps   the device clock's offset in 30-second steps, measured by EnableMFADevice / ResyncMFADevice
 * @param lastStep     the latest time step whose code was accepted (a code is usable once), or null
 */
public record MfaDevice(String serialNumber, String accountId, String name, String path, String userId,
                        Instant enabledAt, int driftSteps, Long lastStep, Instant created) {
    public boolean assigned() {
        return userId != null;
    }
}
