package io.rolegate.it;

import io.rolegate.credentials.Totp;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;

import java.time.Instant;

/**
 * A virtual MFA device as a user's authenticator app holds it: the serial number and the seed returned by
 * CreateVirtualMFADevice, and the codes computed from that seed (the device clock is the test's clock).
 */
final class VirtualMfa {
    final String serialNumber;
    final String seed;
    private final Totp totp;

    VirtualMfa(VirtualMFADevice created) {
        this.serialNumber = created.serialNumber();
        this.seed = created.base32StringSeed().asUtf8String();
        this.totp = Totp.ofBase32Seed(seed);
    }

    static VirtualMfa create(IamClient iam, String name) {
        return new VirtualMfa(iam.createVirtualMFADevice(b -> b.virtualMFADeviceName(name)).virtualMFADevice());
    }

    /** The code {@code offset} 30-second steps from now. */
    String code(int offset) {
        return totp.code(Totp.stepOf(Instant.now()) + offset);
    }

    /**
     * Enables the device for a user with the codes of the steps now-3 and now-2, so that the codes of now-1, now and
     * now+1 remain unused for sign-ins (in that order: a step once accepted burns the earlier ones).
     */
    VirtualMfa enableFor(IamClient iam, String userName) {
        awayFromStepBoundary();
        String first = code(-3);
        String second = code(-2);
        iam.enableMFADevice(b -> b.userName(userName).serialNumber(serialNumber).authenticationCode1(first)
                .authenticationCode2(second));
        return this;
    }

    /** Waits when a 30 s step ends within 4 s, so a code computed now is still current when the gateway checks it. */
    static void awayFromStepBoundary() {
        long intoStep = Instant.now().getEpochSecond() % Totp.STEP_SECONDS;
        if (intoStep >= Totp.STEP_SECONDS - 4) {
            try {
                Thread.sleep((Totp.STEP_SECONDS - intoStep + 1) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
