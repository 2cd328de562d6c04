package io.rolegate.archfixture.cycle.a;

import io.rolegate.archfixture.cycle.b.Beta;

/** Test fixture: half of a deliberate package cycle (a -> b -> a) that ArchitectureTest's cycle rule must reject. */
public final class Alpha {
    public Beta partner() {
        return new Beta();
    }
}
