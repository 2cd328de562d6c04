package io.rolegate.policy;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;

/**
 * One compiled {@code Operator: {Key: values}} entry. Policy values are parsed once (numbers, dates, CIDRs,
 * base64, templates with variables); request values per evaluation. Semantics of docs/aws-behaviour.md §4.2:
 * several values OR (negated operators: AND), absent key false for positive and true for negated operators,
 * IfExists true when absent, ForAllValues true on a missing or empty set, ForAnyValue false on one.
 */
final class Condition {
    enum SetMode { NONE, FOR_ALL_VALUES, FOR_ANY_VALUE }

    private final Operator op;
    private final SetMode setMode;
    private final boolean ifExists;
    private final String key; // lower case
    private final Object[] values; // per family: Template, BigDecimal, Long, String, byte[], Cidr, Boolean; null = unusable

    Condition(Operator op, SetMode setMode, boolean ifExists, String key, List<String> rawValues, boolean variables) {
        this.op = op;
        this.setMode = setMode;
        this.ifExists = ifExists;
        this.key = key;
        this.values = new Object[rawValues.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = compileValue(rawValues.get(i), variables);
        }
    }

    private Object compileValue(String raw, boolean variables) {
        switch (op.family) {
            case STRING, STRING_IC, STRING_LIKE, ARN:
                return Template.parse(raw, variables);
            case NUMERIC:
                return number(raw);
            case DATE:
                return Dates.parse(raw);
            case BOOL:
                return raw;
            case BINARY:
                return base64(raw);
            case IP:
                return Cidr.parse(raw);
            case NULL:
                return raw.equalsIgnoreCase("true") ? Boolean.TRUE : raw.equalsIgnoreCase("false") ? Boolean.FALSE : null;
            default:
                throw new IllegalStateException();
        }
    }

    /** The operator as a policy writes it, e.g. {@code ForAnyValue:StringEquals}, and the key (lower case). */
    String describe() {
        String prefix = switch (setMode) {
            case FOR_ALL_VALUES -> "ForAllValues:";
            case FOR_ANY_VALUE -> "ForAnyValue:";
            default -> "";
        };
        return prefix + op.name() + (ifExists ? "IfExists" : "") + " " + key;
    }

    boolean evaluate(RequestContext ctx) {
        RequestContext.Entry entry = ctx.entry(key);
        List<String> present = entry == null ? null : entry.values();
        boolean absent = present == null || present.isEmpty();
        if (op == Operator.Null) {
            for (Object v : values) {
                if (v != null && ((Boolean) v) == absent) {
                    return true;
                }
            }
            return false;
        }
        if (absent) {
            return switch (setMode) {
                case FOR_ALL_VALUES -> true;
                case FOR_ANY_VALUE -> ifExists;
                default -> ifExists || op.negated;
            };
        }
        Object[] parsed = needsParsing() ? entry.parsed(op.family, this) : null;
        boolean all = setMode == SetMode.FOR_ALL_VALUES;
        for (int i = 0, n = present.size(); i < n; i++) {
            boolean t = test(parsed != null ? parsed[i] : present.get(i), ctx);
            if (all && !t) {
                return false;
            }
            if (!all && t) {
                return true;
            }
        }
        return all;
    }

    private boolean needsParsing() {
        return op.family == Operator.Family.NUMERIC || op.family == Operator.Family.DATE
                || op.family == Operator.Family.BINARY || op.family == Operator.Family.IP;
    }

    /** One request value against all policy values: OR for positive operators, none-match for negated ones. */
    private boolean test(Object parsed, RequestContext ctx) {
        boolean any = false;
        for (Object pv : values) {
            if (pv != null && parsed != null && matchesOne(parsed, pv, ctx)) {
                any = true;
                break;
            }
        }
        if (op.negated) {
            // An unparsable request value (a number that is not a number) satisfies no operator at all.
            return parsed != null && !any;
        }
        return any;
    }

    Object parseRequest(String v) {
        return switch (op.family) {
            case NUMERIC -> number(v);
            case DATE -> Dates.parse(v);
            case BINARY -> base64(v);
            case IP -> Cidr.address(v.trim());
            default -> v;
        };
    }

    private boolean matchesOne(Object request, Object policy, RequestContext ctx) {
        switch (op.family) {
            case STRING: {
                String s = ((Template) policy).text(ctx);
                return s != null && s.equals(request);
            }
            case STRING_IC: {
                String s = ((Template) policy).text(ctx);
                return s != null && s.equalsIgnoreCase((String) request);
            }
            case STRING_LIKE: {
                int[] g = ((Template) policy).glob(ctx);
                return g != null && Glob.matches(g, (String) request);
            }
            case ARN: {
                int[] g = ((Template) policy).glob(ctx);
                return g != null && ArnGlob.matchArn(g, (String) request);
            }
            case NUMERIC:
                return op.ordered(((BigDecimal) request).compareTo((BigDecimal) policy));
            case DATE:
                return op.ordered(Long.compare((Long) request, (Long) policy));
            case BOOL:
                return ((String) policy).equalsIgnoreCase((String) request);
            case BINARY:
                return java.util.Arrays.equals((byte[]) request, (byte[]) policy);
            case IP:
                return ((Cidr) policy).contains((byte[]) request);
            default:
                throw new IllegalStateException();
        }
    }

    private static BigDecimal number(String s) {
        try {
            String t = s.trim();
            if (t.isEmpty() || t.length() > 64) {
                return null;
            }
            return new BigDecimal(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static byte[] base64(String s) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
