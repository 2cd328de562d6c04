package io.rolegate.archfixture.cycle.b;

import io.rolegate.archfixture.cycle.a.Alpha;

/** Test fixture: the other half of the deliberate package cycle (b -> a -> b). */
public final class Beta {
    public Alpha partner() {
        return new Alpha();
    }
}
