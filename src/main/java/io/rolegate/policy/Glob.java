package io.rolegate.policy;

/**
 * Wildcard matching over a pattern encoded as an int array: a value >= 0 is a literal char, {@link #STAR} matches
 * any run of chars (also empty), {@link #QMARK} exactly one. The classic two-pointer algorithm with a single
 * backtrack point: O(n*m) worst case, never exponential.
 */
final class Glob {
    static final int STAR = -1;
    static final int QMARK = -2;

    private Glob() {
    }

    static boolean matches(int[] p, String s) {
        return matches(p, 0, p.length, s, 0, s.length());
    }

    static boolean matches(int[] p, int pFrom, int pTo, String s, int sFrom, int sTo) {
        int pi = pFrom;
        int si = sFrom;
        int star = -1;
        int mark = 0;
        while (si < sTo) {
            if (pi < pTo && (p[pi] == QMARK || p[pi] == s.charAt(si))) {
                pi++;
                si++;
            } else if (pi < pTo && p[pi] == STAR) {
                star = pi++;
                mark = si;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++mark;
            } else {
                return false;
            }
        }
        while (pi < pTo && p[pi] == STAR) {
            pi++;
        }
        return pi == pTo;
    }

    /** Encodes policy text where '*' and '?' are wildcards. */
    static int[] compile(String text) {
        int[] out = new int[text.length()];
        for (int i = 0; i < out.length; i++) {
            char c = text.charAt(i);
            out[i] = c == '*' ? STAR : c == '?' ? QMARK : c;
        }
        return out;
    }

    /** The literal text before the first wildcard. */
    static String literalPrefix(int[] p) {
        StringBuilder sb = new StringBuilder();
        for (int t : p) {
            if (t < 0) {
                break;
            }
            sb.append((char) t);
        }
        return sb.toString();
    }

    /** The literal text after the last wildcard (the whole text when there is none). */
    static String literalSuffix(int[] p) {
        int start = p.length;
        while (start > 0 && p[start - 1] >= 0) {
            start--;
        }
        StringBuilder sb = new StringBuilder(p.length - start);
        for (int i = start; i < p.length; i++) {
            sb.append((char) p[i]);
        }
        return sb.toString();
    }

    /** For a pattern {@code literal*} (one trailing star, nothing else wild): the literal; else null. */
    static String literalPrefixIfSimple(int[] p) {
        if (p.length == 0 || p[p.length - 1] != STAR) {
            return null;
        }
        for (int i = 0; i < p.length - 1; i++) {
            if (p[i] < 0) {
                return null;
            }
        }
        return literalPrefix(p);
    }

    static boolean isMatchAll(int[] p) {
        if (p.length == 0) {
            return false;
        }
        for (int t : p) {
            if (t != STAR) {
                return false;
            }
        }
        return true;
    }

    static boolean hasWildcard(int[] p) {
        for (int t : p) {
            if (t < 0) {
                return true;
            }
        }
        return false;
    }
}
