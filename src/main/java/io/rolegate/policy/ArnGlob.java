package io.rolegate.policy;

/**
 * ARN-aware wildcard matching (docs/aws-behaviour.md §4.2): an ARN splits into 6 colon-separated parts (the last one
 * keeps its own colons), and each part is glob-matched on its own, so a '*' cannot swallow a ':' of the first five
 * separators.
 */
final class ArnGlob {
    private ArnGlob() {
    }

    /** Positions of the first five ':' in a string, or null if it has fewer. */
    static int[] colons(String s) {
        int[] out = upTo5(s);
        return out.length == 5 ? out : null;
    }

    /** Positions of the first five literal ':' in a pattern, or null if it has fewer. */
    static int[] colons(int[] p) {
        int[] out = upTo5(p);
        return out.length == 5 ? out : null;
    }

    /** Positions of up to five ':' in a string (the array is as long as the number found). */
    static int[] upTo5(String s) {
        int[] out = new int[5];
        int n = 0;
        for (int i = 0; i < s.length() && n < 5; i++) {
            if (s.charAt(i) == ':') {
                out[n++] = i;
            }
        }
        return n == 5 ? out : java.util.Arrays.copyOf(out, n);
    }

    /** Positions of up to five literal ':' in a pattern. */
    static int[] upTo5(int[] p) {
        int[] out = new int[5];
        int n = 0;
        for (int i = 0; i < p.length && n < 5; i++) {
            if (p[i] == ':') {
                out[n++] = i;
            }
        }
        return n == 5 ? out : java.util.Arrays.copyOf(out, n);
    }

    /**
     * Resource element matching. The pattern's colon-separated parts (at most six) are matched part by part against
     * the resource; the pattern's last part also covers the rest of the resource, colons included. A pattern
     * without a colon ({@code *}) is a plain glob; so is any pattern against a resource with fewer colons.
     */
    static boolean matchResource(int[] p, int[] pCols, String s, int[] sCols) {
        int k = pCols.length;
        if (k == 0 || sCols.length < k) {
            return Glob.matches(p, s);
        }
        int pStart = 0;
        int sStart = 0;
        for (int i = 0; i <= k; i++) {
            int pEnd = i < k ? pCols[i] : p.length;
            int sEnd = i < k ? sCols[i] : s.length();
            if (!Glob.matches(p, pStart, pEnd, s, sStart, sEnd)) {
                return false;
            }
            pStart = pEnd + 1;
            sStart = sEnd + 1;
        }
        return true;
    }

    /** ArnLike / ArnEquals: both sides must be ARN-shaped. */
    static boolean matchArn(int[] p, String s) {
        int[] pCols = colons(p);
        int[] sCols = colons(s);
        if (pCols == null || sCols == null) {
            return Glob.isMatchAll(p);
        }
        return partwise(p, pCols, s, sCols);
    }

    private static boolean partwise(int[] p, int[] pCols, String s, int[] sCols) {
        int pStart = 0;
        int sStart = 0;
        for (int k = 0; k < 6; k++) {
            int pEnd = k < 5 ? pCols[k] : p.length;
            int sEnd = k < 5 ? sCols[k] : s.length();
            if (!Glob.matches(p, pStart, pEnd, s, sStart, sEnd)) {
                return false;
            }
            pStart = pEnd + 1;
            sStart = sEnd + 1;
        }
        return true;
    }
}
