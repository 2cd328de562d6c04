package io.rolegate.federation;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Operator-chosen claims that become condition keys {@code <providerKey>:<claim>} beyond AWS' aud/sub/amr
 * (the Vault bound_claims idea, docs/aws-behaviour.md §7). {@code defaults} apply to every provider; {@code
 * perProvider} is keyed by provider URL without scheme. The AWS keys aud, sub and amr are never redefined by this.
 */
public record ExtraClaims(List<String> defaults, Map<String, List<String>> perProvider) {
    private static final Set<String> AWS_KEYS = Set.of("aud", "sub", "amr");

    public ExtraClaims {
        defaults = List.copyOf(defaults);
        perProvider = Map.copyOf(perProvider);
    }

    public static ExtraClaims none() {
        return new ExtraClaims(List.of(), Map.of());
    }

    /** Claim names for one provider, defaults first, without duplicates and without the AWS keys. */
    public Set<String> forProvider(String providerKey) {
        Set<String> names = new LinkedHashSet<>();
        for (String n : defaults) {
            add(names, n);
        }
        for (String n : perProvider.getOrDefault(providerKey, List.of())) {
            add(names, n);
        }
        return names;
    }

    private static void add(Set<String> names, String name) {
        String n = name.trim();
        if (!n.isEmpty() && !AWS_KEYS.contains(n)) {
            names.add(n);
        }
    }
}
