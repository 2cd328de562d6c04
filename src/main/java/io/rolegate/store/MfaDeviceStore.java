package io.rolegate.store;

import io.rolegate.model.MfaDevice;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Virtual MFA devices and their sealed seeds. */
public interface MfaDeviceStore {
    /** Inserts a device; false when a device with the same serial number (case-insensitive) exists. */
    boolean insert(MfaDevice device, String sealedSeed);

    Optional<MfaDevice> find(String serialNumber);

    /** Reads the device and locks its row until the surrounding transaction ends. */
    Optional<MfaDevice> findForUpdate(String serialNumber);

    Optional<String> sealedSeed(String serialNumber);

    List<MfaDevice> listForUser(String userId);

    long countForAccount(String accountId);

    /**
     * A page of an account's devices ordered by serial number (case-insensitive), after {@code afterSerialLc}.
     *
     * @param assigned true for assigned devices only, false for unassigned ones, null for both
     */
    List<MfaDevice> list(String accountId, Boolean assigned, String afterSerialLc, int limit);

    /** Assigns the device to a user, with the step its enabling consumed. */
    void assign(String serialNumber, String userId, Instant enabledAt, long lastStep);

    /** DeactivateMFADevice: unassigned again; the used steps stay used. */
    void unassign(String serialNumber);

    /** Records a resynchronisation. */
    void resync(String serialNumber, long lastStep, int driftSteps);

    /**
     * Marks time step {@code step} as used, unless it or a later one already was: one conditional UPDATE, so of two
     * concurrent callers (on any replicas) presenting the same code, exactly one gets true.
     */
    boolean acceptStep(String serialNumber, String userId, long step);

    void delete(String serialNumber);
}
