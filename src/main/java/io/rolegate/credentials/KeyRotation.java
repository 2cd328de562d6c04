package io.rolegate.credentials;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The key life cycle as a pure function: given the stored keys and the time, the keys to store next. Call it
 * periodically (say every minute) on one node, or on every node with a compare-and-set on the stored list; it is
 * idempotent for a fixed {@code now}, apart from generating a missing NEXT key.
 *
 * <ol>
 *   <li>RETIRED keys are dropped once {@code retiredAt + maxSessionDuration <= now}: every token they signed has expired.</li>
 *   <li>More than one ACTIVE (should not happen): the most recently activated stays, the others retire.</li>
 *   <li>A NEXT key of another algorithm than the policy's (policy changed) is dropped: it never signed anything.</li>
 *   <li>No ACTIVE key: the oldest NEXT is promoted at once, or on an empty ring a fresh key becomes ACTIVE at once
 *       (no token exists yet, so there is nothing to propagate; availability wins).</li>
 *   <li>ACTIVE for at least {@code rotationPeriod} and the oldest NEXT published for at least {@code propagationDelay}:
 *       that NEXT becomes ACTIVE and the old ACTIVE becomes RETIRED.</li>
 *   <li>No NEXT key left: a new one is generated, so the successor is always published a full period ahead.</li>
 * </ol>
 * Result order: ACTIVE, NEXT (oldest first), RETIRED (newest first).
 */
public final class KeyRotation {
    private KeyRotation() {
    }

    public static List<SigningKey> rotate(List<SigningKey> current, Instant now, RotationPolicy policy,
                                          SigningKeyFactory factory) {
        List<SigningKey> retired = new ArrayList<>();
        List<SigningKey> actives = new ArrayList<>();
        List<SigningKey> nexts = new ArrayList<>();
        for (SigningKey key : current) {
            switch (key.state()) {
                case RETIRED -> {
                    if (now.isBefore(key.retiredAt().plus(policy.maxSessionDuration()))) {
                        retired.add(key);
                    }
                }
                case ACTIVE -> actives.add(key);
                case NEXT -> {
                    if (key.algorithm() == policy.algorithm()) {
                        nexts.add(key);
                    }
                }
            }
        }
        actives.sort(Comparator.comparing(SigningKey::activatedAt).reversed());
        nexts.sort(Comparator.comparing(SigningKey::createdAt));

        SigningKey active = actives.isEmpty() ? null : actives.get(0);
        for (int i = 1; i < actives.size(); i++) {
            retired.add(actives.get(i).retire(now));
        }

        if (active == null) {
            active = nexts.isEmpty()
                    ? factory.newKey(policy.algorithm(), now).activate(now)
                    : nexts.remove(0).activate(now);
        } else if (!now.isBefore(active.activatedAt().plus(policy.rotationPeriod()))
                && !nexts.isEmpty()
                && !now.isBefore(nexts.get(0).createdAt().plus(policy.propagationDelay()))) {
            retired.add(active.retire(now));
            active = nexts.remove(0).activate(now);
        }

        if (nexts.isEmpty()) {
            nexts.add(factory.newKey(policy.algorithm(), now));
        }

        retired.sort(Comparator.comparing(SigningKey::retiredAt).reversed());
        List<SigningKey> result = new ArrayList<>(1 + nexts.size() + retired.size());
        result.add(active);
        result.addAll(nexts);
        result.addAll(retired);
        return List.copyOf(result);
    }
}
