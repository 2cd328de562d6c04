package io.rolegate.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A compiled Action / NotAction list: exact names in a hash set, wildcard patterns as globs; all lower case. */
final class ActionSpec {
    private final Set<String> exact = new HashSet<>();
    private final int[][] globs;
    /** For globs of the form {@code literal*} (the usual {@code s3:Get*}): the literal, else null. */
    private final String[] prefixes;
    private final boolean matchAll;
    /** Lower-case vendor prefixes this list can match, or null when it can match any service. */
    final Set<String> services;

    ActionSpec(List<String> actions) {
        Set<String> svc = new HashSet<>();
        boolean anyService = false;
        boolean all = false;
        java.util.ArrayList<int[]> g = new java.util.ArrayList<>();
        for (String a : actions) {
            String lower = a.toLowerCase(Locale.ROOT);
            int[] p = Glob.compile(lower);
            if (Glob.isMatchAll(p)) {
                all = true;
            }
            if (Glob.hasWildcard(p)) {
                g.add(p);
            } else {
                exact.add(lower);
            }
            int colon = lower.indexOf(':');
            String vendor = colon < 0 ? lower : lower.substring(0, colon);
            if (colon < 0 || vendor.indexOf('*') >= 0 || vendor.indexOf('?') >= 0) {
                anyService = true;
            } else {
                svc.add(vendor);
            }
        }
        this.globs = g.toArray(new int[0][]);
        this.prefixes = new String[globs.length];
        for (int i = 0; i < globs.length; i++) {
            prefixes[i] = Glob.literalPrefixIfSimple(globs[i]);
        }
        this.matchAll = all;
        this.services = anyService ? null : Set.copyOf(svc);
    }

    boolean matches(String lowerAction) {
        if (matchAll || exact.contains(lowerAction)) {
            return true;
        }
        for (int i = 0; i < globs.length; i++) {
            String prefix = prefixes[i];
            if (prefix != null ? lowerAction.startsWith(prefix) : Glob.matches(globs[i], lowerAction)) {
                return true;
            }
        }
        return false;
    }
}
