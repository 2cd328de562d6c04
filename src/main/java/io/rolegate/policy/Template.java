package io.rolegate.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A policy string that may contain policy variables (docs/aws-behaviour.md §4.4): {@code ${aws:username}}, a default
 * {@code ${aws:PrincipalTag/team, 'x'}}, and the escapes {@code ${*}}, {@code ${?}}, {@code ${$}}. Under Version
 * 2008-10-17 nothing is a variable. Parsed once; expanded per request only when it holds a variable.
 * Substituted values and escapes are literal text: a '*' inside a tag value is never a wildcard.
 */
final class Template {
    /** Variable reference; key lower-cased for the case-insensitive context, name as written. */
    record Var(String key, String defaultValue, String name) {
    }

    private final Object[] parts; // String = policy text (wildcards active), Character = escaped literal, Var
    private final boolean hasVars;
    private final String staticText;
    private final int[] staticGlob;

    private Template(Object[] parts) {
        this.parts = parts;
        boolean vars = false;
        for (Object p : parts) {
            vars |= p instanceof Var;
        }
        this.hasVars = vars;
        this.staticText = vars ? null : text(parts, null);
        this.staticGlob = vars ? null : glob(parts, null);
    }

    static Template parse(String text, boolean variables) {
        if (!variables || !text.contains("${")) {
            return new Template(new Object[] {text});
        }
        List<Object> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf("${", i);
            if (open < 0) {
                lit.append(text, i, text.length());
                break;
            }
            int close = text.indexOf('}', open + 2);
            if (close < 0) {
                lit.append(text, i, text.length());
                break;
            }
            Object ref = reference(text.substring(open + 2, close));
            if (ref == null) { // not a variable: keep the characters literally as policy text
                lit.append(text, i, close + 1);
            } else {
                lit.append(text, i, open);
                if (lit.length() > 0) {
                    parts.add(lit.toString());
                    lit.setLength(0);
                }
                parts.add(ref);
            }
            i = close + 1;
        }
        if (lit.length() > 0) {
            parts.add(lit.toString());
        }
        return new Template(parts.toArray());
    }

    private static Object reference(String body) {
        if (body.equals("*") || body.equals("?") || body.equals("$")) {
            return body.charAt(0);
        }
        String key = body;
        String def = null;
        int comma = body.indexOf(',');
        if (comma >= 0) {
            key = body.substring(0, comma).trim();
            String rest = body.substring(comma + 1).trim();
            if (rest.length() < 2 || rest.charAt(0) != '\'' || rest.charAt(rest.length() - 1) != '\'') {
                return null;
            }
            def = rest.substring(1, rest.length() - 1);
        }
        if (key.isEmpty()) {
            return null;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c == '$' || c == '{' || c == '\'') {
                return null;
            }
        }
        return new Var(key.toLowerCase(Locale.ROOT), def, key);
    }

    boolean hasVars() {
        return hasVars;
    }

    /** Adds the context keys this template's variables read, as written ({@code aws:username}). */
    void addVariableNames(List<String> out) {
        for (Object p : parts) {
            if (p instanceof Var v) {
                out.add(v.name());
            }
        }
    }

    /** The string for equality operators, or null when a variable has no value and no default. */
    String text(RequestContext ctx) {
        return hasVars ? text(parts, ctx) : staticText;
    }

    /** The wildcard pattern, or null when a variable has no value and no default. */
    int[] glob(RequestContext ctx) {
        return hasVars ? glob(parts, ctx) : staticGlob;
    }

    private static String resolve(Var v, RequestContext ctx) {
        String value = ctx == null ? null : ctx.singleValue(v.key());
        return value != null ? value : v.defaultValue();
    }

    private static String text(Object[] parts, RequestContext ctx) {
        if (parts.length == 1) {
            Object only = parts[0];
            return only instanceof Var v ? resolve(v, ctx) : only.toString();
        }
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (p instanceof Var v) {
                String value = resolve(v, ctx);
                if (value == null) {
                    return null;
                }
                sb.append(value);
            } else {
                sb.append(p);
            }
        }
        return sb.toString();
    }

    private static int[] glob(Object[] parts, RequestContext ctx) {
        if (parts.length == 1 && parts[0] instanceof String s) {
            return Glob.compile(s);
        }
        int[] buf = new int[32];
        int n = 0;
        for (Object p : parts) {
            if (p instanceof String s) {
                int[] g = Glob.compile(s);
                buf = ensure(buf, n + g.length);
                System.arraycopy(g, 0, buf, n, g.length);
                n += g.length;
            } else if (p instanceof Character c) {
                buf = ensure(buf, n + 1);
                buf[n++] = c;
            } else {
                String value = resolve((Var) p, ctx);
                if (value == null) {
                    return null;
                }
                buf = ensure(buf, n + value.length());
                for (int i = 0; i < value.length(); i++) {
                    buf[n++] = value.charAt(i);
                }
            }
        }
        return java.util.Arrays.copyOf(buf, n);
    }

    private static int[] ensure(int[] buf, int size) {
        return size <= buf.length ? buf : java.util.Arrays.copyOf(buf, Math.max(size, buf.length * 2));
    }
}
